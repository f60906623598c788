"""Rendering on a real queue: Redis from Debian, `proposals worker` in its own process,
and the web app sharing a SQLite file with it."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time

import pytest

from proposals import create_app, db, render_jobs
from proposals.auth.users import create_user
from proposals.document import validate_document
from proposals.models import JobStatus, PdfVersion, Proposal, RenderJob
from proposals.operations import import_document
from proposals.queue import UNAVAILABLE
from tests.conftest import DANA, PASSWORD, pdf_text, sign_in
from tests.databases import url_for
from tests.servers import REPO, Redis, Worker, free_port

SECRET = "queue-test-secret"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("queue")


@pytest.fixture(scope="module")
def redis(folder):
    server = Redis(folder / "redis").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_env(folder, redis) -> dict[str, str]:
    """What the web app and the worker share: the database file, the broker, the key."""
    return {
        "PROPOSALS_DATABASE_URL": url_for(folder / "shared.db", shared=True),
        "PROPOSALS_INSTANCE_PATH": str(folder / "instance"),
        "PROPOSALS_BROKER_URL": redis.url,
        "PROPOSALS_SECRET_KEY": SECRET,
        "PROPOSALS_SEED_DEMO": "0",
        "PROPOSALS_LOG_LEVEL": "INFO",
    }


@pytest.fixture(scope="module")
def queue_app(shared_env):
    with pytest.MonkeyPatch.context() as patch:
        for name, value in shared_env.items():
            patch.setenv(name, value)
        app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "PRERENDER": False})
    with app.app_context():
        create_user(db.session(), DANA, "Dana Whitfield", PASSWORD)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def worker(queue_app, shared_env, folder):
    process = Worker(shared_env, folder / "worker.log").start()
    yield process
    process.stop()


def _proposal(app, northwind) -> int:
    """A complete proposal of its own (its own title, so no PDF of it is cached yet)."""
    with app.app_context():
        session = db.session()
        user_id = session.scalar(db_user_id(DANA))
        document = {**northwind, "title": f"Proposal {next(_numbers)}"}
        return import_document(session, validate_document(document), owner_id=user_id).id


_numbers = itertools.count(1)


def db_user_id(email):
    from sqlalchemy import select

    from proposals.models import User

    return select(User.id).where(User.email == email)


def _job(app, job_id: int) -> RenderJob:
    with app.app_context():
        return db.session().get(RenderJob, job_id)


def _versions(app, proposal_id: int) -> list[PdfVersion]:
    with app.app_context():
        return list(db.session().query(PdfVersion).filter_by(proposal_id=proposal_id))


def _wait_for(condition, timeout: float = 60.0, what: str = "the job"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_generate_pdf_is_rendered_by_the_worker_and_the_page_waits_for_it(
    queue_app, worker, northwind
):
    client = sign_in(queue_app.test_client())
    proposal_id = _proposal(queue_app, northwind)
    response = client.post(f"/proposals/{proposal_id}/generate")
    assert response.status_code == 302 and "/render/" in response.location
    waiting = client.get(response.location)
    # Rendering takes a second or more: the first look finds the waiting page.
    assert waiting.status_code == 200
    page = waiting.get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "Check again" in page

    def finished():
        answer = client.get(response.location)
        return answer if answer.status_code == 302 else None

    done = _wait_for(finished)
    assert done.location == f"/proposals/{proposal_id}"
    assert "Version 1 of the PDF is ready." in client.get(done.location).get_data(as_text=True)
    versions = _versions(queue_app, proposal_id)
    assert len(versions) == 1
    with queue_app.app_context():
        pdf = db.session().get(PdfVersion, versions[0].id).pdf
    assert "Northwind" in pdf_text(pdf)


def test_a_worker_child_killed_mid_render_is_retried_once_and_makes_one_version(
    queue_app, worker, northwind
):
    proposal_id = _proposal(queue_app, northwind)
    with queue_app.app_context():
        session = db.session()
        job_id = render_jobs.submit(session, session.get(Proposal, proposal_id)).id
    _wait_for(lambda: _job(queue_app, job_id).status == JobStatus.RUNNING, what="a running job")
    (child,) = worker.children()
    os.kill(child, signal.SIGKILL)
    job = _wait_for(
        lambda: (found := _job(queue_app, job_id)).status == JobStatus.DONE and found,
        what="the retried job",
    )
    assert job.attempts == 2
    assert [version.id for version in _versions(queue_app, proposal_id)] == [job.version_id]


def test_a_job_already_done_is_not_rendered_again(queue_app, worker, northwind):
    """A redelivered task (its first run's acknowledgement lost) finds its version made."""
    proposal_id = _proposal(queue_app, northwind)
    with queue_app.app_context():
        session = db.session()
        job = render_jobs.submit(session, session.get(Proposal, proposal_id))
    _wait_for(lambda: _job(queue_app, job.id).status == JobStatus.DONE)
    with queue_app.app_context():
        again = render_jobs.run_queued(db.session(), job.id, None, _never_render)
    assert again.status == JobStatus.DONE
    assert len(_versions(queue_app, proposal_id)) == 1


def _never_render(_job):
    raise AssertionError("a finished job was rendered again")


def test_a_job_interrupted_twice_fails_instead_of_a_third_try(queue_app, northwind):
    proposal_id = _proposal(queue_app, northwind)
    with queue_app.app_context():
        session = db.session()
        job = RenderJob(proposal_id=proposal_id, edit_version=1, attempts=2, status="running")
        session.add(job)
        session.commit()
        failed = render_jobs.run_queued(session, job.id, None, _never_render)
        assert failed.status == JobStatus.FAILED and "interrupted twice" in failed.error
    assert _versions(queue_app, proposal_id) == []


def _proposals(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.run(
        [sys.executable, "-m", "proposals", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("command", [["worker"], ["serve", "--port", "0"]])
def test_a_broker_that_cannot_be_reached_at_start_stops_the_command(command, shared_env, tmp_path):
    env = {
        **shared_env,
        "PROPOSALS_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",
        "PROPOSALS_INSTANCE_PATH": str(tmp_path),
        "PROPOSALS_DATABASE_URL": url_for(tmp_path / "p.db"),
    }
    result = _proposals(*command, env=env)
    assert result.returncode == 1
    assert "broker at redis://127.0.0.1" in result.stderr and "cannot be reached" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broker_without_a_secret_key_stops_the_worker(shared_env, tmp_path):
    env = {**shared_env, "PROPOSALS_SECRET_KEY": "", "PROPOSALS_INSTANCE_PATH": str(tmp_path)}
    result = _proposals("worker", env=env)
    assert result.returncode == 1
    assert "PROPOSALS_SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_broker_going_away_keeps_pages_and_draft_and_work_resumes_when_back(
    queue_app, worker, redis, northwind, monkeypatch
):
    monkeypatch.setitem(queue_app.config, "PRERENDER", True)  # Review asks for a pre-render
    client = sign_in(queue_app.test_client())
    proposal_id = _proposal(queue_app, northwind)
    redis.stop()
    try:
        assert client.get(f"/proposals/{proposal_id}/step/review").status_code == 200
        refused = client.post(f"/proposals/{proposal_id}/generate")
        assert refused.status_code == 503
        assert UNAVAILABLE in refused.get_data(as_text=True)
        assert client.get(f"/proposals/{proposal_id}").status_code == 200
        with queue_app.app_context():
            kept = db.session().get(Proposal, proposal_id)
            assert (
                kept.document["prospect"]["organisation"] == northwind["prospect"]["organisation"]
            )
    finally:
        redis.start()
    queued = client.post(f"/proposals/{proposal_id}/generate")
    assert queued.status_code == 302 and "/render/" in queued.location
    job_id = int(queued.location.rsplit("/", 1)[1])
    # The worker reconnects by itself (Celery retries every few seconds).
    _wait_for(lambda: _job(queue_app, job_id).status == JobStatus.DONE, timeout=90)
    assert len(_versions(queue_app, proposal_id)) == 1


def test_without_a_broker_generate_pdf_renders_in_the_web_process(client, session, northwind):
    proposal = import_document(session, validate_document(northwind), owner_id=1)
    response = client.post(f"/proposals/{proposal.id}/generate")
    assert response.status_code == 302 and response.location == f"/proposals/{proposal.id}"
    assert session.query(PdfVersion).filter_by(proposal_id=proposal.id).count() == 1


def test_with_a_broker_the_demo_proposals_pdfs_are_jobs_for_the_workers(
    redis, tmp_path, monkeypatch
):
    """The web process lays no PDF out, not even the demo proposals' on a new database."""
    from proposals import operations

    def laid_out_here(*args, **kwargs):
        raise AssertionError("the web process laid a PDF out")

    monkeypatch.setattr(operations, "generate_pdf", laid_out_here)
    environment = {
        "PROPOSALS_DATABASE_URL": url_for(tmp_path / "demo.db"),
        "PROPOSALS_INSTANCE_PATH": str(tmp_path / "instance"),
        # A database of Redis no worker listens to: the jobs stay queued.
        "PROPOSALS_BROKER_URL": redis.url.rsplit("/", 1)[0] + "/7",
        "PROPOSALS_SECRET_KEY": SECRET,
        "PROPOSALS_SEED_DEMO": "1",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    app = create_app({"PRERENDER": False})
    with app.app_context():
        session = db.session()
        proposals = session.query(Proposal).all()
        jobs = session.query(RenderJob).all()
        assert len(proposals) == 2 and all(proposal.example for proposal in proposals)
        assert sorted(job.proposal_id for job in jobs) == sorted(p.id for p in proposals)
        assert {job.status for job in jobs} == {JobStatus.QUEUED}  # handed to the broker
        assert session.query(PdfVersion).count() == 0
    app.extensions["db_engine"].dispose()

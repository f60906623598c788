"""The PDF worker pool: real PDFs, time and memory limits, recycling, assets, isolation."""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from proposals import pdfs
from proposals.document import validate_document
from proposals.library.catalog import FolderCatalog
from proposals.paths import PROJECT_ROOT, SAMPLES
from proposals.render import prepare_job, render_html, run_job
from proposals.render.context import RenderError
from proposals.render.pool import RenderPool
from proposals.render.recycling import Recycling
from proposals.render.shared_pool import get_pool, shutdown_pool
from tests.conftest import NORTHWIND, load_example, squash
from tests.wizard_driver import Wizard

CREATED = datetime(2026, 11, 20, 9, 30)
LOGO_URL = "https://assets.proposals.invalid/firm/logo.png"
# About 2,000 rows take WeasyPrint 5-10 s to lay out on this machine: far over a 1 s limit.
HUGE_TABLE = "<table>{}</table>".format(
    "".join(
        f"<tr><td>{i}</td><td>row {i} of a long table</td><td>{i * 3}</td></tr>"
        for i in range(2000)
    )
)


@pytest.fixture(scope="module")
def pool():
    """Two workers with the default limits, shared by the tests that don't break workers."""
    with RenderPool(size=2) as pool:
        yield pool


def png(width: int, height: int, colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def pages(pdf: bytes) -> list:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf)).pages


def text_of(pdf: bytes) -> str:
    return squash(" ".join(page.extract_text() for page in pages(pdf)))


def proc_stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name: state, ppid, ..."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); it has stopped running all the same.
    return proc_stat(pid)[0] != "Z"


def cpu_seconds(pid: int) -> float:
    fields = proc_stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def wait_until_gone(pids, timeout: float = 10.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        remaining = [pid for pid in pids if alive(pid)]
        if not remaining:
            return []
        time.sleep(0.02)
    return remaining


def wait_until_working(pids, timeout: float = 20.0) -> int | None:
    """The first of these idle workers to spend 0.2 s of CPU (it has a job), or None."""
    start = {pid: cpu_seconds(pid) for pid in pids}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in pids:
            if cpu_seconds(pid) - start[pid] >= 0.2:
                return pid
        time.sleep(0.02)
    return None


def test_renders_a_proposal_to_a_valid_pdf(pool):
    document = validate_document(load_example(NORTHWIND))
    html, _ = render_html(document, FolderCatalog(SAMPLES))
    pdf = pool.render(html)
    assert len(pages(pdf)) >= 5
    whole = text_of(pdf)
    assert squash("What we heard") in whole
    assert squash(document.prospect.organisation) in whole


def test_a_prepared_job_comes_out_as_it_would_in_process(pool):
    document = validate_document({**load_example(NORTHWIND), "pdf": {"tagged": True}})
    firm = {"name": "Whitfield & Co. Accounting", "logo": png(120, 40)}  # as typed on it
    job, _ = prepare_job(document, FolderCatalog(SAMPLES), created=CREATED, firm=firm)
    # Twice, so the second PDF comes from a worker that has already laid one out; with the
    # in-process reference that makes three renders of a tagged proposal (~3-6 s).
    from_pool = [PdfReader(io.BytesIO(pool.render_job(job))) for _ in range(2)]
    here = PdfReader(io.BytesIO(run_job(job)))
    expected = [page.extract_text() for page in here.pages]
    for reader in from_pool:
        assert [page.extract_text() for page in reader.pages] == expected
        assert list(reader.attachments) == ["proposal.json"]
        assert len(reader.pages[0].images) == 1  # the logo, from memory


def test_threads_render_at_once_each_getting_its_own_pdf(pool):
    def job(number: int) -> tuple[str, int]:
        pdf = pool.render(f"<h1>Proposal number {number}</h1><p>for thread {number}</p>")
        return text_of(pdf), pool.last_job()["pid"]

    with ThreadPoolExecutor(max_workers=4) as executor:
        results = list(executor.map(job, range(6)))
    for number, (text, _) in enumerate(results):
        assert squash(f"Proposal number {number}") in text
        assert squash(f"for thread {number}") in text
    # Both workers took jobs: the pool hands them out side by side.
    assert {pid for _, pid in results} == set(pool.pids())
    assert len(pool.pids()) == 2


def test_the_most_recently_used_warm_worker_takes_the_next_job(pool):
    pool.render("<p>warm</p>")
    warm = pool.last_job()["pid"]
    for number in range(3):
        pool.render(f"<p>again {number}</p>")
        assert pool.last_job()["pid"] == warm


def test_workers_are_started_by_the_fork_server_not_by_this_process(pool):
    # Forking a threaded web server can copy a lock some other thread holds.
    parents = {int(proc_stat(pid)[1]) for pid in pool.pids()}
    assert os.getpid() not in parents
    assert len(parents) == 1  # one fork server for every worker


def test_weasyprint_failure_is_a_render_error_and_the_worker_stays(pool):
    before = pool.pids()
    nested = "<div>" * 3000 + "too deep" + "</div>" * 3000
    with pytest.raises(RenderError, match="could not be laid out"):
        pool.render(nested)
    assert pool.pids() == before
    assert pages(pool.render("<p>next</p>"))


def test_a_job_over_the_time_limit_is_stopped_and_the_pool_goes_on():
    with RenderPool(size=1, time_limit=1.0) as pool:
        pool.render("<p>ready</p>")
        [before] = pool.pids()
        started = time.monotonic()
        with pytest.raises(RenderError, match=r"took longer than 1 seconds to lay out"):
            pool.render(HUGE_TABLE)
        assert time.monotonic() - started < 5
        assert wait_until_gone([before]) == []
        assert pool.pids() != [before]
        assert squash("next job") in text_of(pool.render("<p>next job</p>"))
        assert pool.replaced == 1


def test_a_job_over_the_memory_limit_fails_clearly_and_the_pool_recovers():
    # RLIMIT_AS counts address space, not resident memory: an idle worker already maps
    # ~360 MB (reserved malloc arenas, thread stacks, libraries), so 450 MB leaves ~90 MB.
    # A 6,000 x 6,000 image (0.5 MB as a PNG) needs 108 MB once decoded, twice over to
    # re-encode it: the kind of "logo" straight from a camera that a limit is for.
    with RenderPool(size=1, memory_limit_mb=450) as pool:
        pool.render("<p>ready</p>")
        [before] = pool.pids()
        html = f'<img src="{LOGO_URL}" style="width: 3cm">'
        with pytest.raises(RenderError, match=r"needed more memory than allowed \(450 MB\)"):
            pool.render(html, {"firm/logo.png": png(6000, 6000, "white")})
        assert pool.pids() != [before]
        assert squash("still here") in text_of(pool.render("<p>still here</p>"))


def test_a_worker_that_dies_mid_job_is_reported_and_replaced():
    # SIGKILL is what the kernel's OOM killer sends; a segfault ends the same way.
    with RenderPool(size=1) as pool, ThreadPoolExecutor(max_workers=1) as executor:
        pool.render("<p>ready</p>")
        [pid] = pool.pids()
        rendering = executor.submit(pool.render, HUGE_TABLE)
        assert wait_until_working([pid]) == pid
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(RenderError, match="needed more memory than allowed"):
            rendering.result(timeout=60)
        assert pool.pids() != [pid]
        assert pages(pool.render("<p>after</p>"))


def test_a_worker_is_recycled_after_max_jobs():
    with RenderPool(size=1, max_jobs=2) as pool:
        [first] = pool.pids()
        pool.render("<p>one</p>")
        assert pool.pids() == [first]
        pool.render("<p>two</p>")
        [second] = pool.pids()
        assert second != first
        assert wait_until_gone([first]) == []
        pool.render("<p>three</p>")
        assert pool.pids() == [second]
        assert pool.recycled == 1


def test_a_worker_is_recycled_when_its_memory_grows():
    with RenderPool(size=1, recycle_rss_mb=1) as pool:
        [first] = pool.pids()
        pool.render("<p>one</p>")
        assert pool.pids() != [first]
        assert pool.recycled == 1


@pytest.mark.parametrize(
    ("jobs", "first_mib", "mib", "reason"),
    [
        (39, 100, 120, None),
        (40, 100, 101, "40 PDFs"),
        (3, 100, 151, "resident memory 151 MiB"),
        (3, 80, 121, "resident memory grew from 80 to 121 MiB"),
        (1, None, 120, None),  # growth counts from the first PDF's figure
    ],
)
def test_recycling_after_max_jobs_memory_or_growth(jobs, first_mib, mib, reason):
    policy = Recycling(max_jobs=40, rss_mb=150, growth=1.5)
    first = first_mib * 2**20 if first_mib else None
    assert policy.reason(jobs, first, mib * 2**20) == reason


def test_an_in_memory_asset_is_served_to_that_job_only(pool):
    html = f'<p>Our logo:</p><img src="{LOGO_URL}" style="width: 3cm">'
    with_logo = pages(pool.render(html, {"firm/logo.png": png(40, 20)}))
    assert len(with_logo[0].images) == 1
    assert with_logo[0].images[0].image.size == (40, 20)
    # The next job on the same workers does not see it.
    without = pages(pool.render(html))
    assert len(without[0].images) == 0


def test_a_file_url_is_still_refused_inside_workers(pool, tmp_path, caplog):
    image = tmp_path / "secret.png"
    image.write_bytes(png(40, 20))
    html = f'<p>Sneaky:</p><img src="{image.as_uri()}"><img src="{image}">'
    with caplog.at_level(logging.WARNING, logger="proposals.render.pdf"):
        pdf = pool.render(html, {"firm/logo.png": png(40, 20)})
    assert len(pages(pdf)[0].images) == 0
    # The worker's own log lines are logged again in this process.
    refused = [r.getMessage() for r in caplog.records if r.name == "proposals.render.pdf"]
    assert any("refused 2 URL(s)" in message and "secret.png" in message for message in refused)


def test_get_pool_reads_the_settings_and_shutdown_stops_it():
    shutdown_pool()  # a live server in an earlier test (the browser tests) may have made one
    settings = {"RENDER_WORKERS": 1, "RENDER_TIME_LIMIT": "30", "RENDER_MEMORY_MB": 900}
    pool = get_pool(settings)
    try:
        assert (pool.size, pool.time_limit, pool.memory_limit_mb) == (1, 30.0, 900)
        assert get_pool() is pool
        assert pages(pool.render("<p>shared</p>"))
        pids = pool.pids()
    finally:
        shutdown_pool()
    assert pool.closed
    assert wait_until_gone(pids) == []
    with pytest.raises(RenderError, match="shut down"):
        pool.render("<p>too late</p>")


ORPHAN = """
import sys, threading
from proposals.render.pool import RenderPool
from tests.test_render_worker import HUGE_TABLE

def main():
    pool = RenderPool(size=2)
    pool.render("<p>ready</p>")
    threading.Thread(target=pool.render, args=(HUGE_TABLE,), daemon=True).start()
    print(" ".join(map(str, pool.pids())), flush=True)
    sys.stdin.readline()

if __name__ == "__main__":
    main()
"""


def test_workers_die_with_the_process_that_owns_the_pool(tmp_path):
    # Slow (~6-8 s): a second interpreter has to import the app and start its own workers;
    # only that shows an idle worker and one in the middle of a job both going away.
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN)
    with subprocess.Popen(
        [sys.executable, str(script)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as owner:
        pids = [int(pid) for pid in owner.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        assert wait_until_working(pids) is not None  # one is laying out the huge table
        owner.kill()
        owner.wait()
    # Well before the table would be done (5-10 s): the busy worker did not finish first.
    assert wait_until_gone(pids, timeout=3) == []


def test_the_web_app_renders_in_the_worker_pool(app, client, session, northwind, monkeypatch):
    """With RENDER_WORKERS set, Generate PDF lays the PDF out in a worker process."""

    def not_here(job):
        raise AssertionError("rendered in the web process instead of a worker")

    monkeypatch.setattr(pdfs, "run_job", not_here)
    app.config.update(RENDER_WORKERS=1, RENDER_TIME_LIMIT=120)
    wizard = Wizard(client)
    wizard.complete(northwind)
    try:
        assert client.post(f"/proposals/{wizard.id}/generate").status_code == 302
        assert get_pool().stats()[0]["jobs"] >= 1
    finally:
        shutdown_pool()
    assert wizard.proposal(session).versions[0].pdf.startswith(b"%PDF")

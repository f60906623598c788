"""Load: N consultants at once for a fixed time against a real server on loopback.

    .venv/bin/python bench/load.py --setup a|b|c [--consultants 20] [--seconds 300]
                                   [--think 1.0] [--json out.json]

A bounded driver of its own (one thread per consultant, each with one keep-alive
connection through the standard library's http.client), not locust: no new dependency,
and the whole mix (CSRF tokens, the wizard's forms, waiting for a queued PDF) is a few
lines on top of tests/http_client.py. Each consultant loops: sign in, start a proposal,
save every wizard step, open Review, Generate PDF (and wait for it), download it, browse
and search the library, sign out; with `--think` seconds (on average) between requests.

Setups: (a) SQLite, `proposals serve` (waitress), PDFs in the web process's pool;
(b) a throwaway PostgreSQL, gunicorn (deploy/gunicorn.conf.py, 2 processes), Redis and one
`proposals worker`; (c) the same with two workers. Prints requests/s, p50/p95/p99 per kind
of request, errors, PDFs per minute and the CPU time the render processes actually got.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals import create_app, db  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from proposals.document import normalize  # noqa: E402
from tests.conftest import NORTHWIND, load_example  # noqa: E402
from tests.http_client import Browser  # noqa: E402
from tests.servers import REPO, Postgres, Redis, Worker, child_pids, free_port  # noqa: E402
from tests.wizard_driver import PROSPECT, STEP_FORMS, sample_form  # noqa: E402

PASSWORD = "load test horse battery staple"
SECRET = "load-benchmark-secret"


class Recorder:
    """Every request's kind, seconds and outcome, from all consultants' threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.pdfs: list[float] = []  # when each PDF was downloaded
        self.pdf_waits: list[float] = []  # Generate PDF pressed -> PDF ready

    def timed(self, kind: str, call, expect: tuple[int, ...]):
        start = time.perf_counter()
        try:
            answer = call()
        except Exception as exc:  # a dropped connection is an error like a 500
            with self.lock:
                self.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
            raise
        elapsed = time.perf_counter() - start
        with self.lock:
            self.times[kind].append(elapsed)
            if answer.status not in expect:
                self.errors.append(f"{kind}: HTTP {answer.status} {answer.text[:200]!r}")
        if answer.status not in expect:
            raise RuntimeError(kind)
        return answer


class Consultant(threading.Thread):
    def __init__(self, number: int, port: int, record: Recorder, until: float, think: float):
        super().__init__(daemon=True, name=f"consultant-{number}")
        self.number, self.port, self.record = number, port, record
        self.until, self.think = until, think
        self.document = normalize(load_example(NORTHWIND))
        self.rounds = 0

    def run(self) -> None:
        time.sleep(random.uniform(0, 5))  # not all twenty at the same instant
        while time.monotonic() < self.until:
            browser = Browser(self.port)
            try:
                self.visit(browser)
                self.rounds += 1
            except TimeoutError:
                break  # the run ended in the middle of a round
            except (RuntimeError, OSError):
                time.sleep(1)  # recorded already; start the round again
            finally:
                browser.close()

    def pause(self) -> None:
        if time.monotonic() >= self.until:
            raise TimeoutError  # the run is over: leave the round unfinished, not failed
        time.sleep(random.uniform(0.5, 1.5) * self.think)

    def visit(self, browser: Browser) -> None:
        go = self.record.timed
        go("sign_in", lambda: browser.sign_in(f"c{self.number}@load.example", PASSWORD), (302,))
        go("dashboard", lambda: browser.get("/"), (200,))
        self.pause()
        title = f"Load {self.number}-{self.rounds}"
        started = go("new_proposal", lambda: browser.post("/proposals/new", PROSPECT), (302,))
        base = "/" + "/".join(started.location.split("/")[1:3])
        document = {**self.document, "title": title}
        for slug, form in self.steps(document):
            self.pause()
            go("step_page", lambda slug=slug: browser.get(f"{base}/step/{slug}"), (200,))
            go("step_save", lambda s=slug, f=form: browser.post(f"{base}/step/{s}", f), (302,))
        self.pause()
        go("review", lambda: browser.get(f"{base}/step/review"), (200,))
        self.pause()
        self.generate(browser, base)
        pdf = go("download", lambda: browser.get(f"{base}/pdf/latest"), (200,))
        if not pdf.body.startswith(b"%PDF"):
            raise RuntimeError("download")
        with self.record.lock:
            self.record.pdfs.append(time.monotonic())
        for path in ("/library/", "/library/?q=cash+runway", "/library/cash-runway"):
            self.pause()
            go("library", lambda path=path: browser.get(path), (200,))
        go("sign_out", lambda: browser.post("/logout"), (302,))

    def steps(self, document: dict):
        yield "people", STEP_FORMS["people"](document)
        yield "heard", STEP_FORMS["heard"](document)
        yield "sample", {**sample_form(document), "action": "work"}
        for slug in ("help", "offer", "next"):
            yield slug, {**STEP_FORMS[slug](document), "action": "next"}

    def generate(self, browser: Browser, base: str) -> None:
        go = self.record.timed
        pressed = time.perf_counter()
        location = go("generate", lambda: browser.post(f"{base}/generate"), (302,)).location
        while "/render/" in location:  # the queue's waiting page, refreshed each second
            time.sleep(1)
            polled = go("job_poll", lambda url=location: browser.get(url), (200, 302))
            location = polled.location if polled.status == 302 else location
        with self.record.lock:
            self.record.pdf_waits.append(time.perf_counter() - pressed)
        go("proposal_page", lambda: browser.get(base), (200,))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def children_cpu_seconds(pid: int) -> float:
    """CPU time of a process's descendants, living and reaped (Linux /proc): the render
    processes of a web process's pools (under a fork server), or of a Celery worker."""
    ticks = os.sysconf("SC_CLK_TCK")

    def fields(one: int) -> list[str]:
        try:
            return Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return []

    def descendants(one: int) -> list[int]:
        children = child_pids(one)
        return children + [grandchild for child in children for grandchild in descendants(child)]

    # A living process's own time and its reaped children's; the root's reaped ones only.
    total = sum(int(value) for value in fields(pid)[13:15])
    for one in descendants(pid):
        total += sum(int(value) for value in fields(one)[11:15])
    return total / ticks


def render_pids(setup: str, server, workers) -> list[int]:
    if setup == "a":  # the web process's render pool (and sample pool) children
        return [server.pid]
    return [worker.process.pid for worker in workers]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", choices="abc", required=True)
    parser.add_argument("--consultants", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="proposals-load-"))
    os.chmod(folder, 0o755)
    services, started = [], []
    try:
        port, server, workers = start(args, folder, services, started)
        report = drive(args, port, server, workers)
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        for service in reversed(services):
            service.stop()
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def start(args, folder: Path, services: list, started: list):
    env = {
        "PROPOSALS_INSTANCE_PATH": str(folder / "instance"),
        "PROPOSALS_SECRET_KEY": SECRET,
        "PROPOSALS_SEED_DEMO": "0",
        "PROPOSALS_LOG_LEVEL": "WARNING",
    }
    if args.setup == "a":
        env["PROPOSALS_DATABASE_URL"] = f"sqlite:///{folder / 'load.db'}"
    else:
        postgres = Postgres(folder / "postgres").start()
        services.append(postgres)
        redis = Redis(folder / "redis").start()
        services.append(redis)
        env["PROPOSALS_DATABASE_URL"] = postgres.url
        env["PROPOSALS_BROKER_URL"] = redis.url
    os.environ.update(env)
    app = create_app()
    with app.app_context():
        for number in range(args.consultants):
            create_user(db.session(), f"c{number}@load.example", f"Consultant {number}", PASSWORD)
    app.extensions["db_engine"].dispose()
    port = free_port()
    full_env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = open(folder / "server.log", "ab")  # noqa: SIM115 (kept open while the server runs)
    if args.setup == "a":
        command = [sys.executable, "-m", "proposals", "serve", "--port", str(port),
                   "--threads", "8"]  # fmt: skip
    else:
        command = [sys.executable, "-m", "gunicorn", "-c", str(REPO / "deploy/gunicorn.conf.py"),
                   "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
                   "proposals:create_app()"]  # fmt: skip
        full_env["PROPOSALS_WEB_PROCESSES"] = "2"
    server = subprocess.Popen(command, env=full_env, stdout=log, stderr=log, cwd=folder)
    started.append(server)
    workers = []
    if args.setup in "bc":
        for number in range(1 if args.setup == "b" else 2):
            worker = Worker(env, folder / f"worker-{number}.log").start()
            workers.append(worker)
            started.append(worker.process)
    from tests.servers import wait_for_port

    wait_for_port(port, timeout=60)
    return port, server, workers


def drive(args, port: int, server, workers) -> dict:
    record = Recorder()
    pids = render_pids(args.setup, server, workers)
    cpu_before, load_before = sum(children_cpu_seconds(pid) for pid in pids), os.getloadavg()[0]
    began = time.monotonic()
    until = began + args.seconds
    consultants = [
        Consultant(number, port, record, until, args.think) for number in range(args.consultants)
    ]
    for consultant in consultants:
        consultant.start()
    for consultant in consultants:
        consultant.join(args.seconds + 180)
    wall = time.monotonic() - began
    render_cpu = sum(children_cpu_seconds(pid) for pid in pids) - cpu_before
    kinds = {
        kind: {
            "count": len(times),
            "p50_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * percentile(times, 0.95), 1),
            "p99_ms": round(1000 * percentile(times, 0.99), 1),
        }
        for kind, times in sorted(record.times.items())
    }
    requests = sum(len(times) for times in record.times.values())
    return {
        "setup": args.setup,
        "consultants": args.consultants,
        "seconds": round(wall, 1),
        "think_s": args.think,
        "cpus": os.cpu_count(),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "requests": requests,
        "requests_per_s": round(requests / wall, 1),
        "errors": len(record.errors),
        "first_errors": record.errors[:10],
        "pdfs": len(record.pdfs),
        "pdfs_per_minute": round(60 * len(record.pdfs) / wall, 1),
        "pdf_wait_p50_s": round(statistics.median(record.pdf_waits), 2)
        if record.pdf_waits
        else None,
        "pdf_wait_p95_s": round(percentile(record.pdf_waits, 0.95), 2)
        if record.pdf_waits
        else None,
        "render_cpu_s": round(render_cpu, 1),
        "render_cores_got": round(render_cpu / wall, 2),
        "kinds": kinds,
    }


if __name__ == "__main__":
    main()

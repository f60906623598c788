"""Autosave round trip with 20 consultants typing at once, through `proposals serve`.

    .venv/bin/python bench/autosave.py [--consultants 20] [--rounds 40] [--json out.json]

Starts the embedded default server (`proposals serve`: waitress, its default 4 threads,
SQLite in a temporary instance folder) on 127.0.0.1 and signs in N consultants, each with
a proposal of their own. Then all of them type into "What you heard" at once: every 0.7 s
(autosave.js's pace while typing goes on) each autosaves the step with a few more words,
and half-way between two autosaves it GETs the same step, the baseline, measured under the
same load in the same run. Round trip: from sending the request to the last byte of the
answer, on a new connection each time (as `Connection: close`). Target: autosave p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals import create_app, db  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from tests.resilience.live import PASSWORD, Client, Server  # noqa: E402

PACE = 0.7  # seconds between two autosaves while typing goes on (autosave.js STEADY_MS)
WORDS = ["cash", "runs", "short", "in", "february", "the", "overdraft", "covers", "it"]


def add_consultants(instance: Path, count: int) -> list[str]:
    """Create the accounts in the instance's database before the server opens it."""
    app = create_app({"INSTANCE_PATH": instance, "SECRET_KEY": "bench", "SEED_DEMO": False})
    emails = [f"consultant{n}@bench.example" for n in range(count)]
    with app.app_context():
        for n, email in enumerate(emails):
            create_user(db.session(), email, f"Consultant {n}", PASSWORD)
    app.extensions["db_engine"].dispose()
    return emails


class Consultant(threading.Thread):
    """One signed-in consultant typing into their own proposal's "What you heard"."""

    def __init__(self, port: int, email: str, rounds: int, start: threading.Barrier):
        super().__init__(daemon=True)
        self.client = Client(port)
        self.client.sign_in(email)
        self.proposal = self.client.new_proposal()
        self.rounds, self.barrier = rounds, start
        self.autosave_ms: list[float] = []
        self.get_ms: list[float] = []
        self.failures = 0

    def run(self) -> None:
        step = f"/proposals/{self.proposal}/step/heard"
        version, text, tab = 0, "", f"bench-tab-{self.proposal:08d}"
        self.barrier.wait()
        time.sleep(random.uniform(0, PACE))  # people don't type in step
        for _ in range(self.rounds):
            text += " ".join(random.sample(WORDS, 3)) + " "
            fields = {"listening-situation": text, "edit_version": version, "tab": tab}
            began = time.perf_counter()
            answer = self.client.post(f"{step}/autosave", fields)
            self.autosave_ms.append((time.perf_counter() - began) * 1000)
            if answer.status == 200 and json.loads(answer.text).get("saved"):
                version = json.loads(answer.text)["version"]
            else:
                self.failures += 1
            time.sleep(PACE / 2)
            began = time.perf_counter()
            page = self.client.get(step)
            self.get_ms.append((time.perf_counter() - began) * 1000)
            self.failures += page.status != 200
            time.sleep(PACE / 2)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consultants", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        emails = add_consultants(instance, args.consultants)
        server = Server(instance)  # `proposals serve --threads 4`, the default
        server.start()
        try:
            barrier = threading.Barrier(args.consultants)
            typists = [Consultant(server.port, e, args.rounds, barrier) for e in emails]
            load_before = os.getloadavg()[0]
            for typist in typists:
                typist.start()
            for typist in typists:
                typist.join()
            load_after = os.getloadavg()[0]
        finally:
            server.kill()
    saves = [ms for typist in typists for ms in typist.autosave_ms]
    gets = [ms for typist in typists for ms in typist.get_ms]
    figures = {
        "consultants": args.consultants,
        "requests each way": len(saves),
        "failures": sum(typist.failures for typist in typists),
        "autosave median ms": statistics.median(saves),
        "autosave p95 ms": percentile(saves, 0.95),
        "GET median ms": statistics.median(gets),
        "GET p95 ms": percentile(gets, 0.95),
        "load average before, after": [round(load_before, 1), round(load_after, 1)],
    }
    figures["p95 ratio"] = figures["autosave p95 ms"] / figures["GET p95 ms"]
    figures["median ratio"] = figures["autosave median ms"] / figures["GET median ms"]
    print(f"{args.consultants} consultants typing at once, {len(saves)} requests each way")
    print("| request | median ms | p95 ms |")
    print("|---|---:|---:|")
    print(f"| autosave | {figures['autosave median ms']:.1f} | {figures['autosave p95 ms']:.1f} |")
    print(
        f"| GET of the same step | {figures['GET median ms']:.1f} | {figures['GET p95 ms']:.1f} |"
    )
    print(f"| ratio | {figures['median ratio']:.2f}x | {figures['p95 ratio']:.2f}x |")
    print(f"failures: {figures['failures']}; load average {load_before:.1f} -> {load_after:.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    ok = figures["autosave p95 ms"] <= 50 and figures["failures"] == 0
    print("target autosave p95 <= 50 ms:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

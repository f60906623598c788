"""HTTP API round trips with 20 client systems at once, through `proposals serve`.

    .venv/bin/python bench/api.py [--clients 20] [--rounds 40] [--json out.json]

Starts the embedded default server (`proposals serve`: waitress, its default 4 threads,
SQLite in a temporary instance folder, render jobs in-process) on 127.0.0.1 and gives each
client a user and a personal API token of its own. Then all of them work at once, each in
a loop at its own pace (a round every 0.75 s, the rounds of different clients spread over
that time): POST /api/v1/validate with the Northwind document, POST /api/v1/proposals with
it (a proposal stored in SQLite), and GET /healthz, the baseline, measured under the same
load in the same run. Round trip: from sending the request to the last byte of the answer,
on a new connection each time (`Connection: close`), after the server's warm-up has
ended and two unmeasured rounds of each client.
Target: validate and create p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import http.client
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
from proposals.api import tokens  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from tests.conftest import NORTHWIND, load_example  # noqa: E402
from tests.resilience.live import PASSWORD, Server  # noqa: E402

PACE = 0.75  # seconds per round of the three requests
SETTLE = 10.0  # seconds for the server's warm-up (sample workers drawing a chart) to end
WARM_ROUNDS = 2  # rounds each client makes before measuring (first imports, caches)
KINDS = ("validate", "create", "healthz")


def add_clients(instance: Path, count: int) -> list[str]:
    """A user and a token for each client, in the database before the server opens it."""
    app = create_app({"INSTANCE_PATH": instance, "SECRET_KEY": "bench", "SEED_DEMO": False})
    secrets = []
    with app.app_context():
        for n in range(count):
            user = create_user(db.session(), f"system{n}@bench.example", f"System {n}", PASSWORD)
            secrets.append(tokens.create(db.session(), user, "bench")[1])
    app.extensions["db_engine"].dispose()
    return secrets


class ApiClient(threading.Thread):
    """One client system: validates a document, creates a proposal, checks health."""

    def __init__(self, port: int, secret: str, rounds: int, start: threading.Barrier):
        super().__init__(daemon=True)
        self.port, self.secret, self.rounds, self.barrier = port, secret, rounds, start
        self.body = json.dumps(load_example(NORTHWIND)).encode()
        self.times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.failures = 0
        self.warming = True

    def call(self, kind: str, method: str, path: str, body: bytes | None, expected: int):
        """One request on a new connection; its round trip is kept unless warming up."""
        headers = {"Connection": "close", "Authorization": f"Bearer {self.secret}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if not self.warming:
            self.times[kind].append((time.perf_counter() - began) * 1000)
        self.failures += response.status != expected

    def run(self) -> None:
        self.barrier.wait()
        time.sleep(random.uniform(0, PACE))  # systems don't send in step
        for round_number in range(WARM_ROUNDS + self.rounds):
            self.warming = round_number < WARM_ROUNDS
            self.call("validate", "POST", "/api/v1/validate", self.body, 200)
            time.sleep(PACE / 3)
            self.call("create", "POST", "/api/v1/proposals", self.body, 201)
            time.sleep(PACE / 3)
            self.call("healthz", "GET", "/healthz", None, 200)
            time.sleep(PACE / 3)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        secrets = add_clients(instance, args.clients)
        server = Server(instance)  # `proposals serve --threads 4`, the default
        server.start()
        time.sleep(SETTLE)
        try:
            barrier = threading.Barrier(args.clients)
            clients = [ApiClient(server.port, s, args.rounds, barrier) for s in secrets]
            load_before = os.getloadavg()[0]
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            load_after = os.getloadavg()[0]
        finally:
            server.kill()
    figures: dict = {"clients": args.clients, "rounds": args.rounds}
    for kind in KINDS:
        times = [ms for client in clients for ms in client.times[kind]]
        figures[f"{kind} median ms"] = statistics.median(times)
        figures[f"{kind} p95 ms"] = percentile(times, 0.95)
    figures["failures"] = sum(client.failures for client in clients)
    figures["load average before, after"] = [round(load_before, 1), round(load_after, 1)]
    print(f"{args.clients} clients at once, {args.rounds} rounds each ({len(times)} of each)")
    print("| request | median ms | p95 ms | p95 / healthz p95 |")
    print("|---|---:|---:|---:|")
    for kind in KINDS:
        median, p95 = figures[f"{kind} median ms"], figures[f"{kind} p95 ms"]
        ratio = p95 / figures["healthz p95 ms"]
        print(f"| {kind} | {median:.1f} | {p95:.1f} | {ratio:.2f}x |")
    print(f"failures: {figures['failures']}; load average {load_before:.1f} -> {load_after:.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    ok = (
        figures["validate p95 ms"] <= 30
        and figures["create p95 ms"] <= 30
        and figures["failures"] == 0
    )
    print("target validate and create p95 <= 30 ms:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Hostile sample bodies against a real `proposals serve` process (issue 12, item 1).

The body is worked out in the server's sample workers, never in the server itself: a body
that builds gigabytes ends with a message at the worker's memory limit, the server's own
memory hardly moves, and the server keeps answering while four such bodies run at once.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest

from tests.resilience.live import Client, Server, create_user

EMAIL = "dana@whitfield.example"
# Each pass copies a list of 100,000 items (800 kB) in one C call, so the worker reaches
# its memory limit in about a thousand passes: well inside its time limit even on a busy
# machine, where a body building many small values could reach the time limit first.
HUGE_VALUES = (
    "{% set ns = namespace(rows=[], chunk=[]) %}"
    "{% for i in range(10) %}{% set ns.chunk = ns.chunk + (range(10000)|list) %}{% endfor %}"
    "{% for i in range(10000) %}{% set ns.rows = ns.rows + [ns.chunk + []] %}{% endfor %}"
    "{{ ns.rows|length }}"
)
SAMPLE = """---
id: grows-{n}
title: Grows {n}
inputs:
  - {{name: cash, label: Cash, type: money}}
example:
  cash: "100"
---
{body}
"""
PAGE = os.sysconf("SC_PAGE_SIZE")
ENDS_WITHIN = 5.0 + 2  # the sample workers' time limit, and a little to answer


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return int(re.search(r"VmRSS:\s+(\d+) kB", status.read()).group(1)) / 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("hostile") / "instance"
    create_user(instance, EMAIL, "Dana Whitfield", admin=True)
    running = Server(instance, threads=6)
    running.start()
    try:
        yield running
    finally:
        running.kill()


def busy_worker(group: int, deadline: float = 10.0) -> bool:
    """Wait until a process of the server's group holds over 300 MB: a worker at work."""
    until = time.monotonic() + deadline
    while time.monotonic() < until:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # After the name: state, ppid, pgrp ... rss (in pages) is field 24 of the line.
            if int(fields[2]) == group and int(fields[21]) * PAGE > 300 * 2**20:
                return True
        time.sleep(0.05)
    return False


def signed_in(server: Server) -> Client:
    client = Client(server.port)
    client.sign_in(EMAIL)
    return client


def problem(page: str) -> str:
    """The message the library's form shows above the source, for an assertion to print."""
    found = re.search(r'class="error-summary".*?<p>(.*?)</p>', page, re.S)
    return found.group(1) if found else page[:500]


def save(client: Client, n: int):
    started = time.monotonic()
    response = client.post("/library/new", {"source": SAMPLE.format(n=n, body=HUGE_VALUES)})
    return response, time.monotonic() - started


def test_a_body_building_gigabytes_ends_with_a_message_and_the_server_stays_small(server):
    client = signed_in(server)
    client.get("/library/cash-runway")  # the server's sample workers are up and warm
    before = rss_mb(server.process.pid)
    for n in range(3):
        response, took = save(client, n)
        assert response.status == 422, response.text[:500]
        assert "more memory than a sample may use" in problem(response.text), server.log_tail()
        assert took < ENDS_WITHIN
    assert rss_mb(server.process.pid) - before < 100
    assert "Grows" not in client.get("/library/").text  # nothing was saved


def test_the_server_answers_while_four_hostile_bodies_run(server):
    clients = [signed_in(server) for _ in range(4)]
    results = []
    threads = [
        threading.Thread(target=lambda c=c, n=n: results.append(save(c, 10 + n)))
        for n, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    assert busy_worker(server.process.pid), "no sample worker took up a hostile body"
    started = time.monotonic()
    health = Client(server.port).get("/healthz", timeout=5)
    assert health.status == 200
    assert time.monotonic() - started < 1.0
    for thread in threads:
        thread.join(60)
    assert [response.status for response, _ in results] == [422] * 4

"""Sample bodies worked out in worker processes of their own (issue 12, item 1).

A body the sandbox's checks let through can still build huge values or spin inside a
filter; in a worker, the memory limit or the wall-clock limit ends it with a message for
the author, and the web process neither grows nor waits.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

from proposals import create_app
from proposals.library.sandbox import BodyJob, RenderContext, SampleRenderError, run_body
from proposals.library.spec import parse_sample
from proposals.render.pool import RenderPool
from tests import databases

HUGE_VALUES = (
    "{% set ns = namespace(rows=[]) %}"
    "{% for i in range(10000) %}{% set ns.rows = ns.rows + [range(10000)|list] %}{% endfor %}"
    "{{ ns.rows|length }}"
)


def sample(body: str, inputs: str = "[]"):
    return parse_sample(f"---\nid: job\ntitle: Job\ninputs: {inputs}\n---\n{body}\n")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status_file:
        status = status_file.read()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


@pytest.fixture(scope="module")
def pool():
    with RenderPool(size=2, time_limit=5.0, memory_limit_mb=768) as workers:
        yield workers


def test_a_body_is_worked_out_in_a_worker_with_typed_inputs(pool):
    from decimal import Decimal

    from proposals.library.inputs import Money

    parsed = sample("{{ money(cash) }} and {{ money(rent) }}", "[]")
    values = {"cash": Decimal("18500"), "rent": Money(Decimal("1200"), "EUR")}
    html = pool.work_out(BodyJob(parsed, values, RenderContext(currency="GBP")))
    assert "£18,500.00" in html and "€1,200.00" in html


def test_a_worker_leaves_charts_undrawn_when_asked_and_keeps_their_captions(pool):
    """The trust check asks for the words only: no drawing, the caption still there."""
    parsed = sample('{{ bar_chart(["Jan", "Feb"], [3, 5], title="Cash by month") }}')
    drawn = pool.work_out(BodyJob(parsed, {}, RenderContext()))
    words = pool.work_out(BodyJob(parsed, {}, RenderContext(), draw_charts=False))
    assert "<svg" in drawn and "<svg" not in words
    assert "<figcaption>Cash by month</figcaption>" in words


def test_a_body_s_own_mistake_comes_back_with_its_line(pool):
    with pytest.raises(SampleRenderError) as caught:
        pool.work_out(BodyJob(sample("fine\n{{ 1 / 0 }}"), {}, RenderContext()))
    assert caught.value.line == 7 and "division by zero" in str(caught.value)


def test_huge_values_end_at_the_memory_limit_and_this_process_stays_small(pool):
    before = rss_mb()
    started = time.monotonic()
    with pytest.raises(SampleRenderError, match="more memory than a sample may use|longer than"):
        pool.work_out(BodyJob(sample(HUGE_VALUES), {}, RenderContext()))
    assert time.monotonic() - started < 5.0 + 2
    assert rss_mb() - before < 100
    # The pool carries on with a fresh worker.
    assert "ok" in pool.work_out(BodyJob(sample("ok"), {}, RenderContext()))


def test_four_hostile_bodies_at_once_leave_the_app_answering(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": tmp_path / "instance",
            "DATABASE_URL": databases.url_for(tmp_path / "app.db"),
            "SECRET_KEY": "test",
            "SEED_DEMO": False,
            "SAMPLE_WORKERS": 2,
        }
    )
    failures = []

    def hostile():
        with app.app_context():
            try:
                run_body(sample(HUGE_VALUES), {}, RenderContext())
            except SampleRenderError as exc:
                failures.append(str(exc))

    threads = [threading.Thread(target=hostile) for _ in range(4)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    assert app.test_client().get("/healthz").status_code == 200
    assert time.monotonic() - started < 1.0
    for thread in threads:
        thread.join(60)
    assert len(failures) == 4


def test_a_body_past_the_wall_clock_limit_is_killed_with_its_worker():
    spinning = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    with RenderPool(size=1, time_limit=0.5, memory_limit_mb=768) as pool:
        first = pool.pids()
        started = time.monotonic()
        with pytest.raises(SampleRenderError, match="took longer than 0.5 seconds"):
            pool.work_out(BodyJob(sample(spinning), {}, RenderContext()))
        assert time.monotonic() - started < 0.5 + 2
        assert pool.replaced == 1
        assert "ok" in pool.work_out(BodyJob(sample("ok"), {}, RenderContext()))
        assert pool.pids() != first

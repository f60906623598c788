"""A worked sample is kept: the same body, inputs and context are not worked out twice."""

from __future__ import annotations

from proposals.library import sandbox
from proposals.library.sandbox import RenderContext, work_out
from proposals.library.spec import parse_sample

SAMPLE = """---
id: kept
title: Kept
inputs:
  - {name: fee, label: Fee, type: money}
---
The fee is {{ money(fee) }}.
"""


def test_the_same_inputs_are_worked_out_once_and_other_inputs_again(monkeypatch):
    runs = []
    real = sandbox.run_body_here

    def counted(parsed, values, context, draw_charts=True):
        runs.append(values)
        return real(parsed, values, context, draw_charts)

    monkeypatch.setattr(sandbox, "run_body_here", counted)
    parsed, context = parse_sample(SAMPLE), RenderContext(currency="GBP")
    first = work_out(parsed, {"fee": "120"}, context)
    again = work_out(parsed, {"fee": "120"}, context)
    other = work_out(parsed, {"fee": "95"}, context)
    in_euros = work_out(parsed, {"fee": "120"}, RenderContext(currency="EUR"))
    assert first == again and "£120.00" in first and "£95.00" in other
    assert "€" in in_euros
    assert len(runs) == 3  # the repeat came from what was kept


def test_a_failing_body_is_not_kept(monkeypatch):
    parsed = parse_sample(SAMPLE.replace("{{ money(fee) }}", "{{ missing_name }}"))
    for _ in range(2):
        try:
            work_out(parsed, {"fee": "1"}, RenderContext())
        except sandbox.SampleRenderError:
            pass
        else:
            raise AssertionError("the body should fail")
    assert all("missing_name" not in str(html) for html in sandbox._worked.values())

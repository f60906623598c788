"""Ways a sample body could grow a string or a list past any limit in one step (issue 12).

Each was once accepted and took the web server from about 185 MB to over a gigabyte on one
request: a width taken from an argument, expandtabs at its limits, a string or list joined
with itself a dozen times, a list sliced into millions of parts. Each is now refused before
it allocates, with a message for the sample's author.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from proposals.library.sandbox import RenderContext, SampleRenderError, work_out
from proposals.library.spec import parse_sample
from proposals.paths import PROJECT_ROOT

GROWING = {
    "nested-format-width": "{{ '{:{}}'.format('x', 10**9) }}",
    "nested-format-filter": "{{ '{:{}}'|format('x', 100000000) }}",
    "expandtabs-at-limits": "{{ ('\t' * 99999).expandtabs(9999) }}",
    "tilde-doubling": (
        "{% set ns = namespace(s='x' * 99999) %}"
        "{% for i in range(14) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
    "plus-doubling": (
        "{% set ns = namespace(s='x' * 99999) %}"
        "{% for i in range(14) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
    "list-doubling": (
        "{% set ns = namespace(s=range(9999)|list) %}"
        "{% for i in range(14) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
    "millions-of-slices": "{{ range(9999)|slice(10000000)|list|length }}",
    "wordwrap-width": "{{ 'x y'|wordwrap(10**8) }}",
}


def sample(body: str):
    return parse_sample(f"---\nid: grows\ntitle: Grows\ninputs: []\n---\n{body}\n")


@pytest.mark.parametrize("body", GROWING.values(), ids=GROWING.keys())
def test_a_growing_body_is_refused_with_its_line(body):
    with pytest.raises(SampleRenderError, match=r"line 6: not allowed in a sample: .* too long"):
        work_out(sample(body), {}, RenderContext())


def test_ordinary_joins_still_work():
    html = work_out(
        sample("{{ 'Cash ' ~ 'runway' ~ ': ' ~ 3 }} {{ [1] + [2] }}"), {}, RenderContext()
    )
    assert "Cash runway: 3" in str(html) and "[1, 2]" in str(html)


def test_all_of_them_together_stay_small():
    """In a fresh process, every growing body in turn: peak memory stays near the start."""
    # VmHWM is this process's own peak (ru_maxrss would include the parent's before exec).
    script = (
        "import re\n"
        "from tests.security.test_sandbox_growth import GROWING, sample\n"
        "from proposals.library.sandbox import RenderContext, SampleRenderError, work_out\n"
        "for body in GROWING.values():\n"
        "    try:\n"
        "        work_out(sample(body), {}, RenderContext())\n"
        "    except SampleRenderError:\n"
        "        pass\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+) kB', status).group(1)) // 1024)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert int(completed.stdout.split()[-1]) < 300  # MB; each body alone once took over 1,000

"""Sample bodies that try to leave the Jinja sandbox, through the real ways in: the library
editor, the .md upload, and a proposal that uses the sample (wizard step, review, PDF).

tests/test_library.py checks the sandbox function by function; here every attempt goes
through the pages, and the answer must be a clear refusal with nothing leaked: no
secret key, no file contents, no Python object reprs, nothing saved.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path

import pytest

from proposals import db
from proposals.library import lookups
from proposals.models import Proposal
from tests.conftest import sign_in
from tests.security.checks import assert_page_harmless
from tests.security.conftest import SECRET_KEY, hostile_document, passwd_line, sample_source
from tests.wizard_driver import STEP_FORMS, Wizard

ESCAPES = {
    "str-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler-os": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "lipsum-os": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "namespace-globals": "{{ namespace.__init__.__globals__ }}",
    "namespace-dict": "{{ namespace(x=1).__dict__ }}",
    "request": "{{ request.application.__globals__ }}",
    "config": "{{ config.items() }}",
    "self-globals": "{{ self.__init__.__globals__ }}",
    "self-context": "{{ self._TemplateReference__context }}",
    "attr-filter": "{{ ''|attr('__class__') }}",
    "attr-chain": "{{ (''|attr('__class__')|attr('__mro__'))[1] }}",
    "format-attribute": "{{ '{0.__class__.__mro__}'.format(1) }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': 1}) }}",
    "format-indirect": "{% set f = '{0.__class__.__base__}'.format %}{{ f(1) }}",
    "format-via-attr": "{{ ('{0.__class__}'|attr('format'))(1) }}",
    "format-map-indirect": "{% set f = '{x.__class__}'.format_map %}{{ f({'x': 1}) }}",
    "helper-globals": "{{ money.__globals__ }}",
    "inputs-subclasses": "{{ inputs.__class__.__base__.__subclasses__() }}",
    "date-subclasses": "{{ today.__class__.__mro__ }}",
    "generator-frame": "{{ (inputs|list|map('string')).gi_frame.f_globals }}",
    "loop-subclasses": (
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c.__name__ }}{% endfor %}"
    ),
    "include-file": "{% include '/etc/passwd' %}",
    "import-module": "{% import 'os' as os %}{{ os }}",
    "extends-file": "{% extends 'file:///etc/passwd' %}",
}

# What a successful escape would show: object reprs, module internals, secrets, files.
LEAK_MARKERS = [
    "<class '",
    "<module '",
    "<function ",
    "<built-in",
    "<bound method",
    "<TemplateReference",
    "<jinja2.",
    "sqlite:///",
    "uid=",
]


def _no_leaks(html: str, where: str) -> None:
    assert_page_harmless(html, where)
    text = unescape(html)  # a repr printed by an escape would be shown escaped
    for marker in [*LEAK_MARKERS, SECRET_KEY, passwd_line()]:
        assert marker not in text, f"{marker!r} in {where}"


def _source(slug: str, body: str, with_example: bool = True) -> str:
    inputs = [{"name": "note", "label": "Note", "type": "text"}]
    example = {"note": "an example"} if with_example else None
    return sample_source(slug, "Sandbox test", body, inputs, example)


@pytest.fixture(scope="module")
def app(module_app):
    return module_app


@pytest.mark.parametrize("body", ESCAPES.values(), ids=ESCAPES.keys())
def test_the_editor_refuses_an_escape_and_saves_nothing(client, body):
    slug = "escape-" + str(abs(hash(body)) % 10**8)
    response = client.post("/library/new", data={"source": _source(slug, body)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html[:2000]
    assert "line " in html  # the refusal names the line of the file
    _no_leaks(html, "editor")
    with db.standalone_session(client.application) as session:
        assert lookups.find(session, slug) is None


@pytest.mark.parametrize(
    "name", ["cycler-os", "format-indirect", "format-via-attr", "include-file", "generator-frame"]
)
def test_an_uploaded_file_with_an_escape_is_refused(client, name):
    slug = f"upload-{name}"
    upload = (io.BytesIO(_source(slug, ESCAPES[name]).encode()), f"{slug}.md")
    response = client.post(
        "/library/upload", data={"file": upload}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    _no_leaks(response.get_data(as_text=True), "upload")
    with db.standalone_session(client.application) as session:
        assert lookups.find(session, slug) is None


@pytest.fixture(scope="module")
def proposal_id(module_app):
    """One proposal, complete but for its sample, that each test points at its sample."""
    wizard = Wizard(sign_in(module_app.test_client()))
    document = hostile_document(["Plain words."])
    for slug in ("people", "heard", "help", "offer", "next"):
        assert wizard.post(slug, STEP_FORMS[slug](document)).status_code == 302
    return wizard.id


@pytest.mark.parametrize("body", ESCAPES.values(), ids=ESCAPES.keys())
def test_a_proposal_using_an_escaping_sample_fails_cleanly(client, session, proposal_id, body):
    """Without an example the body is only compiled when saved; it first runs in the
    wizard. The sample step and the review say what went wrong, no PDF is made, the
    draft is intact and nothing leaks."""
    slug = "late-" + str(abs(hash(body)) % 10**8)
    saved = client.post("/library/new", data={"source": _source(slug, body, with_example=False)})
    if saved.status_code == 422:  # refused when compiled (import, extends): also safe
        _no_leaks(saved.get_data(as_text=True), "editor")
        return
    assert saved.status_code == 302, saved.get_data(as_text=True)[:1500]

    step = f"/proposals/{proposal_id}/step/sample"
    choose = {"mode": "library", "sample_id": slug, "action": "choose"}
    assert client.post(step, data=choose).status_code == 302
    form = {"mode": "library", "sample_id": slug, "shown_sample_id": slug, "inputs-note": "hi"}
    client.post(step, data={**form, "action": "work"})
    session.expire_all()
    before = session.get(Proposal, proposal_id).document

    for url in (step, f"/proposals/{proposal_id}/step/review"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        _no_leaks(response.get_data(as_text=True), url)
    response = client.post(f"/proposals/{proposal_id}/generate")
    assert response.status_code == 422
    _no_leaks(response.get_data(as_text=True), "generate")
    session.expire_all()
    proposal = session.get(Proposal, proposal_id)
    assert proposal.versions == []
    assert proposal.document == before


# ---------------------------------------------------------------------------- resources

_ISOLATED = textwrap.dedent(
    """
    import json, resource, sys, tracemalloc
    # A safety net: whatever happens, this process can't take the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, resource.RLIM_INFINITY))
    from proposals.library.revisions import LibraryError, validate_source
    results = {}
    for name, source in json.loads(sys.stdin.read()).items():
        tracemalloc.start()
        try:
            validate_source(source)
            outcome = "accepted"
        except LibraryError as exc:
            outcome = "refused: " + str(exc)[:200]
        except BaseException as exc:
            outcome = "crashed: " + type(exc).__name__
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        results[name] = {"outcome": outcome, "peak_mb": round(peak / 2**20, 1)}
    print(json.dumps(results))
    """
)


def _validate_isolated(sources: dict[str, str]) -> dict:
    """Validate sample files in a child process, reporting each one's peak allocation."""
    completed = subprocess.run(
        [sys.executable, "-c", _ISOLATED],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _alias_bomb(levels: int) -> str:
    """A few hundred bytes of YAML aliases that expand to 10**levels strings."""
    anchors = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        anchors.append(f"&a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return f"[{', '.join(anchors)}]"


def _front_matter_example(slug: str, note_yaml: str) -> str:
    return (
        f"---\nid: {slug}\ntitle: Typed\n"
        "inputs: [{name: note, label: Note, type: text}]\n"
        f"example:\n  note: {note_yaml}\n---\nBody {{{{ note }}}}\n"
    )


# Regression (found by this suite, fixed): library/inputs.py (_text) converts a text input with
# str(value) whatever its type: a YAML list or mapping is accepted as text, and a YAML alias bomb
# in a sample's example (a few hundred bytes) is expanded in full when the sample is saved (10**9
# items: gigabytes, minutes of one server thread).
@pytest.mark.parametrize(
    "note_yaml",
    ["[a, b]", "{key: value}", _alias_bomb(5)],
    ids=["list", "mapping", "alias-bomb"],
)
def test_a_text_input_refuses_lists_and_mappings_without_expanding_them(client, note_yaml):
    source = _front_matter_example(f"typed-{len(note_yaml)}", note_yaml)
    response = client.post("/library/new", data={"source": source})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "example: note:" in html
    assert not re.search(r"at most 2,?000 characters", html)  # for its type, not once expanded


BIG_OUTPUT_BODIES = {
    "center": "{{ 'x'|center(20000000) }}",
    "format-width": "{{ '{:>20000000}'.format(1) }}",
    "percent-width": "{{ '%20000000s'|format('x') }}",
    "replace": "{{ ('x' * 100000)|replace('x', 'y' * 200) }}",
    "join": "{{ ('x' * 100000)|list|join('y' * 200) }}",
    "indent": "{{ ('x\\n' * 50000)|indent(400, true) }}",
}


def test_a_normal_body_allocates_little():
    """The yardstick for the next test: an ordinary sample peaks at a few MB."""
    result = _validate_isolated({"benign": _source("benign", "Hi {{ note }} {{ money(12) }}")})
    assert result["benign"]["outcome"] == "accepted"
    assert result["benign"]["peak_mb"] < 10


# Regression (found by this suite, fixed): library/sandbox.py bounds `*` and `**` but not the
# filters and str methods that build big strings (center, format and %-format widths, replace,
# join, indent): one expression allocates 40-80 MB here (x1000 is a few GB) before
# OUTPUT_LIMIT_CHARS is checked.
def test_one_filter_call_cannot_build_a_huge_string():
    results = _validate_isolated(
        {name: _source(f"big-{name}", body) for name, body in BIG_OUTPUT_BODIES.items()}
    )
    for name, result in results.items():
        assert result["outcome"].startswith("refused"), (name, result)
        assert result["peak_mb"] < 10, (name, result)

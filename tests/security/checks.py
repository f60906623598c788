"""What "safe" means, checked the same way everywhere in the security suite.

* `assert_page_harmless(html)`: a page (or fragment) a browser could be shown contains
  nothing that runs, loads from elsewhere or navigates away: no inline script, no event
  handler, no frame, object, embed, base, refresh or external stylesheet, no URL attribute
  with a scheme other than http/https/mailto, no loading attribute outside this site.
* `assert_pdf_harmless(pdf, secrets)`: a PDF with only http/https/mailto links, no
  JavaScript, launch or form actions, no embedded files or images, and none of `secrets`
  (file contents the renderer must never read) in its bytes, streams or text.
* `NetworkSpy`: a listener on 127.0.0.1 that counts connections (from any process), plus
  patched socket, DNS and urllib entry points that record and refuse every attempt made
  from this process.
"""

from __future__ import annotations

import io
import json
import re
import select
import socket
import threading
import urllib.request
import zlib
from html.parser import HTMLParser

from pypdf import PdfReader
from pypdf.generic import IndirectObject

ALLOWED_SCHEMES = {"http", "https", "mailto"}
EMBEDDED_FILES = {"proposal.json"}  # the client-facing document a PDF carries
FORBIDDEN_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "img",
    "image",
    "video",
    "audio",
    "source",
    "track",
    "picture",
    "portal",
    "math",
    "foreignobject",
    "animate",
    "set",
    "animatetransform",
    "animatemotion",
    "feimage",
    "template",
    "xmp",
    "plaintext",
    "noscript",  # its contents are markup or text depending on scripting: mXSS
    "noembed",
    "noframes",
    "marquee",
    "isindex",
}
# Attributes whose value the browser fetches or navigates to on its own.
LOADING_ATTRIBUTES = {
    "src",
    "srcset",
    "data",
    "poster",
    "background",
    "action",
    "formaction",
    "codebase",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
    "icon",
    "longdesc",
    "archive",
    "classid",
}
NAVIGATING_ATTRIBUTES = {"href", "xlink:href", "cite", "usemap", "profile"}
_CSS_DANGER = re.compile(r"url\s*\(|@import|expression\s*\(|behavior\s*:|-moz-binding", re.I)


def browser_scheme(url: str) -> str | None:
    """The scheme a browser would see: tabs and newlines vanish, control chars are trimmed."""
    cleaned = re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$", "", re.sub(r"[\t\n\r]", "", url))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def _same_site(url: str) -> bool:
    """A relative URL on this site: no scheme, not protocol-relative."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip()
    return browser_scheme(url) is None and not cleaned.startswith(("//", "\\\\", "/\\", "\\/"))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag in ("script", "style"):
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open and data.strip():
            self.problems.append(f"inline <{self._open[-1]}> content {data.strip()[:80]!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> {values}")
        if tag == "script" and not values.get("src", "").startswith("/static/"):
            self.problems.append(f"<script> not from /static/: {values}")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "link" and not (
            values.get("rel") == "stylesheet" and values.get("href", "").startswith("/static/")
        ):
            self.problems.append(f"<link> {values}")
        if tag == "meta" and (
            "http-equiv" in values or set(values) - {"charset", "name", "content"}
        ):
            self.problems.append(f"<meta> {values}")
        if tag == "form" and values.get("action") and not _same_site(values["action"]):
            self.problems.append(f"<form action={values['action']!r}>")
        if tag == "use" and not values.get("xlink:href", values.get("href", "#")).startswith("#"):
            self.problems.append(f"<use> {values}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            elif name in ("srcdoc", "http-equiv"):
                self.problems.append(f"<{tag} {name}={value[:60]!r}>")
            elif name == "style" and _CSS_DANGER.search(value):
                self.problems.append(f"<{tag} style={value[:80]!r}>")
            elif name in LOADING_ATTRIBUTES and value and not _same_site(value):
                self.problems.append(f"<{tag} {name}={value[:80]!r}> loads from elsewhere")
            elif name in NAVIGATING_ATTRIBUTES and browser_scheme(value) not in (
                ALLOWED_SCHEMES | {None}
            ):
                self.problems.append(f"<{tag} {name}={value[:80]!r}> has a forbidden scheme")


def page_problems(html: str) -> list[str]:
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser.problems


def assert_page_harmless(html: str, where: str = "page") -> None:
    problems = page_problems(html)
    assert not problems, f"{where}: " + "; ".join(problems[:8])


# ---------------------------------------------------------------------------- PDFs


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def pdf_link_targets(reader: PdfReader) -> list[str]:
    """Every URI a link annotation in the PDF points at."""
    targets = []
    for page in reader.pages:
        for annotation in _resolve(page.get("/Annots")) or []:
            action = _resolve(_resolve(annotation).get("/A")) or {}
            if "/URI" in action:
                targets.append(str(_resolve(action["/URI"])))
    return targets


def pdf_actions(reader: PdfReader) -> list[str]:
    """The kinds of actions (/URI, /GoTo, /JavaScript...) the PDF's annotations carry."""
    kinds = []
    for page in reader.pages:
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            action = _resolve(annotation.get("/A")) or {}
            if "/S" in action:
                kinds.append(str(action["/S"]))
            if "/AA" in annotation:
                kinds.append("/AA")
    return kinds


def _images(resources, seen: set[int]) -> int:
    resources = _resolve(resources) or {}
    count = 0
    for item in (_resolve(resources.get("/XObject")) or {}).values():
        ident = item.idnum if isinstance(item, IndirectObject) else id(item)
        if ident in seen:
            continue
        seen.add(ident)
        xobject = _resolve(item)
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif "/Resources" in xobject:
            count += _images(xobject["/Resources"], seen)
    for pattern in (_resolve(resources.get("/Pattern")) or {}).values():
        pattern = _resolve(pattern)
        if "/Resources" in pattern:
            count += _images(pattern["/Resources"], seen)
    return count


def pdf_image_count(reader: PdfReader) -> int:
    seen: set[int] = set()
    return sum(_images(page.get("/Resources"), seen) for page in reader.pages)


def pdf_all_bytes(pdf: bytes) -> bytes:
    """The PDF's bytes followed by every stream it holds, inflated where compressed."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        data = match.group(1)
        try:
            parts.append(zlib.decompressobj().decompress(data))
        except zlib.error:
            parts.append(data)
    return b"\n".join(parts)


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def assert_pdf_harmless(pdf: bytes, secrets: list[str]) -> PdfReader:
    """Links only to http/https/mailto, no active content or images, no secret bytes.

    The only file a PDF may carry is its own proposal.json (which must parse as JSON);
    `secrets` are looked for in the raw bytes, every inflated stream (attachments
    included) and the extracted text."""
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    reader = PdfReader(io.BytesIO(pdf))
    for uri in pdf_link_targets(reader):
        assert browser_scheme(uri) in ALLOWED_SCHEMES, f"PDF links to {uri!r}"
    bad_actions = set(pdf_actions(reader)) - {"/URI", "/GoTo"}
    assert not bad_actions, f"PDF carries actions {bad_actions}"
    root = _resolve(reader.trailer["/Root"])
    for key in ("/OpenAction", "/AA", "/AcroForm"):
        assert key not in root, f"PDF catalog has {key}"
    names = _resolve(root.get("/Names")) or {}
    assert "/JavaScript" not in names, "PDF name tree has /JavaScript"
    attached = set(reader.attachments)
    assert attached <= EMBEDDED_FILES, f"PDF carries files {attached - EMBEDDED_FILES}"
    for name in attached:
        for content in reader.attachments[name]:
            json.loads(content)  # the document it was made from, as data
    assert pdf_image_count(reader) == 0, "an image made it into the PDF"
    everything = pdf_all_bytes(pdf)
    text = pdf_text(reader)
    for secret in secrets:
        assert secret.encode() not in everything, f"{secret!r} is in the PDF's bytes"
        assert secret not in text, f"{secret!r} is in the PDF's text"
    return reader


# ---------------------------------------------------------------------------- network


class NetworkSpy:
    """Counts connections to a local listener and records (and refuses) every outbound
    attempt made from this process through sockets, DNS or urllib."""

    def __init__(self, monkeypatch) -> None:
        self.attempts: list[str] = []
        self.accepted = 0  # connections that reached the listener, the spy's probes aside
        self._probes: set[tuple] = set()  # addresses of probes not accepted yet
        self._counted = threading.Condition()
        self._connect = socket.socket.connect  # before _patch: the probes must get through
        self._stop = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.setblocking(False)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="network-spy", daemon=True)
        self._thread.start()
        self._patch(monkeypatch)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            readable, _, _ = select.select([self._listener], [], [], 0.05)
            if readable:
                try:
                    connection, address = self._listener.accept()
                except OSError:
                    continue
                connection.close()
                with self._counted:
                    if address in self._probes:
                        self._probes.discard(address)
                    else:
                        self.accepted += 1
                    self._counted.notify_all()

    def _patch(self, monkeypatch) -> None:
        spy = self

        def refuse(what):
            def attempt(*args, **kwargs):
                target = args[1] if len(args) > 1 else args[0] if args else kwargs
                spy.attempts.append(f"{what}: {target!r}"[:200])
                raise OSError(f"network access attempted in a test ({what})")

            return attempt

        def network_only(what, original):
            """Local (AF_UNIX) sockets, such as the render pool's, are not the network."""
            refused = refuse(what)

            def connect(sock, *args, **kwargs):
                if sock.family == socket.AF_UNIX:
                    return original(sock, *args, **kwargs)
                return refused(sock, *args, **kwargs)

            return connect

        for name in ("connect", "connect_ex"):
            original = getattr(socket.socket, name)
            monkeypatch.setattr(socket.socket, name, network_only(f"socket.{name}", original))
        monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
        monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
        monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
        monkeypatch.setattr(urllib.request, "urlopen", refuse("urllib.request.urlopen"))

    def settle(self, timeout: float = 10) -> None:
        """Wait until every connection made so far (by any process) has been counted.

        The listener accepts in arrival order, so once a probe sent now is accepted, so is any
        connection a worker process made while laying out a PDF that is finished by now.
        """
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            address = probe.getsockname()
            with self._counted:
                self._probes.add(address)
            self._connect(probe, ("127.0.0.1", self.port))
            with self._counted:
                accepted = self._counted.wait_for(lambda: address not in self._probes, timeout)
            assert accepted, f"the listener did not accept its probe within {timeout} s"

    def assert_quiet(self) -> None:
        self.settle()
        assert not self.attempts, f"outbound connections attempted: {self.attempts}"
        assert self.accepted == 0, f"{self.accepted} connection(s) reached the local listener"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._listener.close()

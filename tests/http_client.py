"""A small HTTP client over the standard library, for tests and benchmarks that talk to a
real server: keeps cookies, posts forms, reads the CSRF token from a page."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
GONE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """One consultant's browser: one keep-alive connection (or a new one per request)."""

    def __init__(self, port: int, host: str = "127.0.0.1", keep_alive: bool = True):
        self.host, self.port, self.keep_alive = host, port, keep_alive
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""
        self._connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, form: dict | None = None) -> Answer:
        return self.request("POST", path, {"csrf_token": self.csrf_token, **(form or {})})

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        body = urlencode(form or {}, doseq=True) if method == "POST" else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if not self.keep_alive:
            headers["Connection"] = "close"
        for attempt in (1, 2):
            connection = self._open()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                answer = Answer(response.status, response.headers, response.read())
                break
            except GONE:  # the server closed an idle keep-alive connection: open another
                self.close()
                if attempt == 2:
                    raise
        if not self.keep_alive:
            self.close()
        self._keep(answer)
        return answer

    def _keep(self, answer: Answer) -> None:
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        found = (
            CSRF.search(answer.text) if answer.headers.get_content_type() == "text/html" else None
        )
        if found:
            self.csrf_token = found.group(1)

    def sign_in(self, email: str, password: str) -> Answer:
        self.get("/login")
        return self.post("/login", {"email": email, "password": password})

    def _open(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

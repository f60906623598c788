"""The only way WeasyPrint can load anything: the app's own static files, nothing else.

Print templates refer to assets under ASSET_ORIGIN. Everything else (file paths, other
hosts, data: URLs, redirects) is refused, so user text can't make the renderer read
local files or reach the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..paths import STATIC

ASSET_ORIGIN = "https://assets.proposals.invalid/"


class RefusedURL(ValueError):
    """A URL the renderer may not load."""


class AssetFetcher(URLFetcher):
    """Serve files below `root` for URLs under ASSET_ORIGIN; refuse every other URL.

    `assets` are extra files held in memory (the firm's logo), served under their name.
    """

    def __init__(self, root: Path = STATIC, assets: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.root = root.resolve()
        self.assets = dict(assets or {})
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            name, data = self._find(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        mime, _ = mimetypes.guess_type(name)
        return URLFetcherResponse(url, data, {"Content-Type": mime or "application/octet-stream"})

    def _find(self, url: str) -> tuple[str, bytes]:
        parts = urlsplit(url.strip())
        name = unquote(parts.path).lstrip("/")
        if name in self.assets and _same_origin(parts) and not parts.query:
            return name, self.assets[name]
        path = self._local_path(url)
        return path.name, path.read_bytes()

    def _local_path(self, url: str) -> Path:
        parts = urlsplit(url.strip())
        if not _same_origin(parts):
            raise RefusedURL(f"refused: {url[:80]}")
        if parts.query or "\\" in parts.path:
            raise RefusedURL(f"refused: {url[:80]}")
        relative = unquote(parts.path).lstrip("/")
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"refused: {url[:80]}")
        return path


def _same_origin(parts) -> bool:
    origin = urlsplit(ASSET_ORIGIN)
    return parts.scheme.lower() == origin.scheme and parts.netloc.lower() == origin.netloc


def asset_url(relative: str) -> str:
    """The URL a print template uses for a file in static/."""
    return ASSET_ORIGIN + relative.lstrip("/")

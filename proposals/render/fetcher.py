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
    """Serve files below `root` for URLs under ASSET_ORIGIN; refuse every other URL."""

    def __init__(self, root: Path = STATIC):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = self._local_path(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"}
        )

    def _local_path(self, url: str) -> Path:
        parts = urlsplit(url.strip())
        origin = urlsplit(ASSET_ORIGIN)
        if parts.scheme.lower() != origin.scheme or parts.netloc.lower() != origin.netloc:
            raise RefusedURL(f"refused: {url[:80]}")
        if parts.query or "\\" in parts.path:
            raise RefusedURL(f"refused: {url[:80]}")
        relative = unquote(parts.path).lstrip("/")
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"refused: {url[:80]}")
        return path


def asset_url(relative: str) -> str:
    """The URL a print template uses for a file in static/."""
    return ASSET_ORIGIN + relative.lstrip("/")

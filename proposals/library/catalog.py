"""Where samples are looked up by id: the database library, or a folder of files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .spec import SampleFileError, parse_sample


@dataclass(frozen=True)
class CatalogEntry:
    slug: str
    source: str
    revision_id: int | None = None


class UnknownSample(LookupError):
    """No sample with that id; says which ids exist so the user can correct it."""

    def __init__(self, slug: str, available: list[str]):
        self.slug = slug
        self.available = available
        names = ", ".join(available) or "none"
        super().__init__(f"no sample {slug!r} in the library (available: {names})")


class Catalog(Protocol):
    def get(self, slug: str, revision_id: int | None = None) -> CatalogEntry: ...

    def slugs(self) -> list[str]: ...


class FolderCatalog:
    """Samples read straight from Markdown files, for rendering without a database.

    A sample is usually in the file named after its id, so `get` reads that one file; the
    whole folder is parsed only for a sample named otherwise, or to list them (parsing
    all of them costs a one-off `proposals check` more than the check itself)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._all: dict[str, CatalogEntry] | None = None

    @property
    def entries(self) -> dict[str, CatalogEntry]:
        if self._all is None:
            self._all = {}
            for path in sorted(self.folder.glob("*.md")):
                source = path.read_text(encoding="utf-8")
                slug = _sample_id(source)
                if slug is not None:  # else not a sample (the authoring guide), or broken
                    self._all[slug] = CatalogEntry(slug, source)
        return self._all

    def get(self, slug: str, revision_id: int | None = None) -> CatalogEntry:
        named = self.folder / f"{slug}.md"
        if self._all is None and "/" not in slug and named.is_file():
            source = named.read_text(encoding="utf-8")
            if _sample_id(source) == slug:
                return CatalogEntry(slug, source)
        if slug not in self.entries:
            raise UnknownSample(slug, self.slugs())
        return self.entries[slug]

    def slugs(self) -> list[str]:
        return sorted(self.entries)


def _sample_id(source: str) -> str | None:
    try:
        return parse_sample(source).spec.id
    except SampleFileError:
        return None

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
    """Samples read straight from Markdown files, for rendering without a database."""

    def __init__(self, folder: Path):
        self.entries: dict[str, CatalogEntry] = {}
        for path in sorted(folder.glob("*.md")):
            source = path.read_text(encoding="utf-8")
            try:
                slug = parse_sample(source).spec.id
            except SampleFileError:
                continue  # not a sample (the authoring guide), or a broken one: skipped
            self.entries[slug] = CatalogEntry(slug, source)

    def get(self, slug: str, revision_id: int | None = None) -> CatalogEntry:
        if slug not in self.entries:
            raise UnknownSample(slug, self.slugs())
        return self.entries[slug]

    def slugs(self) -> list[str]:
        return sorted(self.entries)

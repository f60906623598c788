"""`proposals samples ...`: move sample files in and out of the library, and check them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..audit import Actor
from ..cli_app import app_session
from . import operations
from .lookups import all_samples
from .operations import ImportRefused, SampleFile
from .revisions import LibraryError


def _sample_files(path: Path) -> list[Path]:
    """A file, or every .md file of a folder except its README (the authoring guide)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.glob("*.md") if p.name.lower() != "readme.md")


def _read(files: list[Path]) -> tuple[list[SampleFile], list[str]]:
    """Each file's name and bytes, as an upload has them, and a line for each unreadable one."""
    found, problems = [], []
    for file in files:
        try:
            found.append(SampleFile(file.name, file.read_bytes()))
        except OSError as exc:
            problems.append(f"{file}: cannot read: {exc.strerror or exc}")
    return found, problems


@click.group("samples")
def samples() -> None:
    """Import, export and check worked samples."""


@samples.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--author", default="command line", show_default=True, help="Recorded on revisions.")
def import_samples(path: Path, author: str) -> None:
    """Add the sample file(s) at PATH to the library: all of them, or none if any is wrong."""
    paths = {file.name: file for file in _sample_files(path)}
    files, problems = _read(list(paths.values()))
    saved = []
    if not problems:
        with app_session() as session:
            try:
                saved = operations.import_files(session, files, Actor(author, admin=True))
            except ImportRefused as refused:
                problems = [f"{paths[name]}: {message}" for name, message in refused.problems]
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo("Nothing was imported: the library is unchanged.", err=True)
        sys.exit(1)
    for name, revision in saved:
        click.echo(f"{name}: {_state(revision)}")
    click.echo(f"{len(saved)} file(s) imported.")


def _state(revision) -> str:
    """What an import did to one file's sample, in a word or two."""
    if revision is None:
        return "unchanged"
    return "new sample" if revision.number == 1 else f"revision {revision.number}"


@samples.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--archived", is_flag=True, help="Include archived samples.")
def export_samples(folder: Path, archived: bool) -> None:
    """Write each sample's current revision to FOLDER as <id>.md."""
    with app_session() as session:
        count = operations.export_to(session, folder, include_archived=archived)
    click.echo(f"{count} sample(s) written to {folder}")


@samples.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def check_samples(path: Path | None) -> None:
    """Validate every sample (files at PATH, or the library) and work each out on its example.

    Exits 1 naming each sample that fails and why, 0 when all work.
    """
    entries, problems = _sources_in(path) if path is not None else (_library(), [])
    for problem in problems:
        click.echo(f"FAIL {problem}", err=True)
    failures, total = len(problems), len(problems) + len(entries)
    for name, source in entries:
        try:
            operations.check_sample(source)
        except LibraryError as exc:
            failures += 1
            click.echo(f"FAIL {name}: {exc}", err=True)
        else:
            click.echo(f"ok   {name}")
    click.echo(f"{total - failures} of {total} sample(s) work out on their examples.")
    sys.exit(1 if failures else 0)


def _sources_in(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """The text of each sample file at `path`, read as an upload is, and each refusal."""
    files, problems = _read(_sample_files(path))
    sources = []
    for file in files:
        try:
            sources.append((file.name, operations.read_sample_file(file)))
        except LibraryError as exc:
            problems.append(f"{file.name}: {exc}")
    return sources, problems


def _library() -> list[tuple[str, str]]:
    """Each sample of the library, archived ones too, with its current text."""
    with app_session() as session:
        return [(s.slug, s.current.source) for s in all_samples(session, include_archived=True)]

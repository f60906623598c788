"""`proposals samples ...`: move sample files in and out of the library, and check them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import store


def _sample_files(path: Path) -> list[Path]:
    """A file, or every .md file of a folder except its README (the authoring guide)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.glob("*.md") if p.name.lower() != "readme.md")


def _app_session():
    from .. import create_app, db

    app = create_app({"SEED_DEMO": False})
    return db.standalone_session(app)


@click.group("samples")
def samples() -> None:
    """Import, export and check worked samples."""


@samples.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--author", default="command line", show_default=True, help="Recorded on revisions.")
def import_samples(path: Path, author: str) -> None:
    """Add the sample file(s) at PATH to the library: all of them, or none if any is wrong."""
    files = _sample_files(path)
    sources, problems = _read_and_validate(files)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo("Nothing was imported: the library is unchanged.", err=True)
        sys.exit(1)
    with _app_session() as session:
        for file, source in sources:
            revision = store.save_revision(session, source, author, work_example=False)
            state = (
                "unchanged"
                if revision is None
                else ("new sample" if revision.number == 1 else f"revision {revision.number}")
            )
            click.echo(f"{file.name}: {state}")
        session.commit()
    click.echo(f"{len(sources)} file(s) imported.")


def _read_and_validate(files: list[Path]) -> tuple[list[tuple[Path, str]], list[str]]:
    sources, problems, seen = [], [], {}
    for file in files:
        try:
            source = file.read_text(encoding="utf-8").replace("\r\n", "\n")
            slug = store.validate_source(source).spec.id
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: cannot read: {exc}")
            continue
        except store.LibraryError as exc:
            problems.append(f"{file}: {exc}")
            continue
        if slug in seen:
            problems.append(f"{file}: the id {slug!r} is also used by {seen[slug].name}")
        seen[slug] = file
        sources.append((file, source))
    return sources, problems


@samples.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--archived", is_flag=True, help="Include archived samples.")
def export_samples(folder: Path, archived: bool) -> None:
    """Write each sample's current revision to FOLDER as <id>.md."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with _app_session() as session:
        for sample in store.all_samples(session, include_archived=archived):
            (folder / f"{sample.slug}.md").write_text(sample.current.source, encoding="utf-8")
            count += 1
    click.echo(f"{count} sample(s) written to {folder}")


@samples.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
def check_samples(path: Path | None) -> None:
    """Validate every sample (files at PATH, or the library) and work each out on its example.

    Exits 1 naming each sample that fails and why, 0 when all work.
    """
    entries = _entries_from(path)
    failures = 0
    for name, source in entries:
        problem = _problem(source)
        if problem:
            failures += 1
            click.echo(f"FAIL {name}: {problem}", err=True)
        else:
            click.echo(f"ok   {name}")
    click.echo(f"{len(entries) - failures} of {len(entries)} sample(s) work out on their examples.")
    sys.exit(1 if failures else 0)


def _entries_from(path: Path | None) -> list[tuple[str, str]]:
    if path is not None:
        return [(file.name, file.read_text(encoding="utf-8")) for file in _sample_files(path)]
    with _app_session() as session:
        return [
            (s.slug, s.current.source) for s in store.all_samples(session, include_archived=True)
        ]


def _problem(source: str) -> str | None:
    try:
        parsed = store.validate_source(source)
    except store.LibraryError as exc:
        return str(exc)
    return None if parsed.spec.example else "no example: block to work it out on"

"""The `proposals` command: serve the app, render a document file to PDF."""

from __future__ import annotations

import atexit
import gc
import os
import sys
import tempfile
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .document import DocumentError

# Commands that live in their own modules, imported only when one of them runs (or for
# --help): `proposals check` must not wait for Flask, SQLAlchemy and WeasyPrint to load.
SUBCOMMANDS = {
    "samples": "proposals.library.commands:samples",
    "users": "proposals.auth.commands:users",
    "send": "proposals.sending.commands:send",
    "link": "proposals.sending.commands:link",
    "tokens": "proposals.api.commands:tokens",
    "worker": "proposals.queue.commands:worker",
}

EXIT_INVALID = 2
EXIT_RENDER_FAILED = 1
EXIT_CHECK_PROBLEMS = 1


class Commands(click.Group):
    """Every command: the ones above loaded on demand; a database that can't be opened is
    one line and exit 1, not a trace."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *SUBCOMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in SUBCOMMANDS:
            module, attribute = SUBCOMMANDS[name].split(":")
            return getattr(import_module(module), attribute)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            # Only a command that opened the database can have imported proposals.db.
            db = sys.modules.get("proposals.db")
            if db is not None and isinstance(exc, db.DatabaseUnreachable):
                raise click.ClickException(str(exc)) from None
            raise


@click.group(cls=Commands)
def main() -> None:
    """Turn a consultant's discovery meeting into a proposal the client wants to read."""


def run() -> None:
    """The `proposals` program itself: the console script and `python -m proposals`."""
    if sys.argv[1:2] == ["check"]:
        _one_off()
    main()


def _one_off() -> None:
    """A check lives well under a second. The garbage collector's passes while it imports
    and reads free nothing worth having, yet cost a fifth of its time: they are paused, and
    at exit everything is frozen, so the interpreter's last collection skips it too
    (bench/check.py, about 280 -> 215 ms). Only here: the server must collect."""
    gc.disable()
    atexit.register(gc.freeze)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, help="Requests served at once.")
def serve(host: str, port: int, threads: int) -> None:
    """Serve the web app (creates and migrates the database on first start)."""
    import waitress

    from . import app as factory
    from . import startup
    from .wizard.review import start_warming

    app = startup.create_checked_app("proposals serve", factory.create_app)
    # Warm up what the first Review needs while the first consultant is still signing in.
    start_warming(app)
    click.echo(f"Proposals is running at http://{host}:{port}/ (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF.",
)
@click.option(
    "--samples",
    "samples_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Take library samples from this folder instead of the app's database.",
)
def render(file: Path, output: Path, samples_dir: Path | None) -> None:
    """Render a proposals/v1 document (.json or .toml) to a PDF.

    Exits 2 without writing anything if the document is invalid, 1 if rendering fails.
    """
    from .config import default_locale
    from .document import DocumentError
    from .document_files import load_document_file
    from .render import RenderError  # WeasyPrint: paid only by the commands that render

    try:
        document = load_document_file(file, default_locale())
        pdf = _render(document, samples_dir)
    except DocumentError as exc:
        _report_invalid(file, exc)
        sys.exit(EXIT_INVALID)
    except RenderError as exc:
        click.echo(f"{file}: {exc}", err=True)
        sys.exit(EXIT_RENDER_FAILED)
    _write_atomically(output, pdf)
    click.echo(f"Wrote {output} ({len(pdf) / 1024:.0f} KB)")


def _render(document, samples_dir: Path | None) -> bytes:
    from .cli_app import app_session
    from .firm import print_settings
    from .library.catalog import FolderCatalog
    from .library.lookups import DatabaseCatalog
    from .render import render_pdf  # WeasyPrint: paid only by the commands that render

    if samples_dir is not None:
        return render_pdf(document, FolderCatalog(samples_dir))[0]
    with app_session() as session:
        return render_pdf(document, DatabaseCatalog(session), firm=print_settings(session))[0]


def _report_invalid(file: Path, error: DocumentError, outcome: str = "nothing written") -> None:
    count = len(error.errors)
    click.echo(f"{file}: {count} problem{'s' if count != 1 else ''}, {outcome}:", err=True)
    for field_error in error.errors:
        click.echo(f"  {field_error}", err=True)


def _write_atomically(output: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written PDF."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--samples",
    "samples_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Work library samples out from this folder (default: the starter samples).",
)
def check(file: Path, as_json: bool, samples_dir: Path | None) -> None:
    """Read a proposals/v1 document as the client will, and report what costs trust.

    Exits 1 if any finding is a problem, 0 if there is only advice or nothing to say,
    2 if the document (or a phrase file named by PROPOSALS_TRUST_PHRASES) is invalid.
    """
    from .config import default_locale
    from .document import DocumentError
    from .document_files import load_document_file
    from .library.catalog import FolderCatalog
    from .paths import SAMPLES
    from .trust import PhraseError, check_document, format_text, worked_sample_text

    try:
        document = load_document_file(file, default_locale())
    except DocumentError as exc:
        _report_invalid(file, exc, "not checked")
        sys.exit(EXIT_INVALID)
    try:
        worked = worked_sample_text(document, FolderCatalog(samples_dir or SAMPLES))
        report = check_document(document, worked)
    except PhraseError as exc:
        click.echo(f"{file}: cannot check: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(report.to_json() if as_json else format_text(report, str(file)))
    sys.exit(EXIT_CHECK_PROBLEMS if report.has_problems else 0)


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--owner", help="E-mail of the user it belongs to (default: the first administrator)."
)
def import_pdf(file: Path, owner: str | None) -> None:
    """Recreate a proposal from a PDF made by this app (it carries its proposal.json)."""
    from . import operations  # renders PDFs, so it brings WeasyPrint
    from .auth.users import find_by_email, first_admin
    from .cli_app import app_session
    from .document import DocumentError
    from .embedded import document_from_pdf

    try:
        document = document_from_pdf(file)
    except DocumentError as exc:
        _report_invalid(file, exc, "nothing imported")
        sys.exit(EXIT_INVALID)
    with app_session() as session:
        user = find_by_email(session, owner) if owner else first_admin(session)
        if owner and user is None:
            click.echo(f"--owner: nobody signs in as {owner}", err=True)
            sys.exit(EXIT_INVALID)
        proposal = operations.import_document(session, document, owner_id=user.id if user else None)
        click.echo(f"Imported {file} as proposal {proposal.id}: {proposal.title}")

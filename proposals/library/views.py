"""Library pages: browse and search, a sample with a live preview, edit, history, files."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import db, throttle
from ..audit import Actor
from ..models import Sample
from ..web import EmptyForm, attachment, button_post, file_slug, row_number
from . import operations
from .forms import SampleEditorForm, UploadForm
from .inputs import InputsError
from .lookups import find, revision
from .operations import MAX_FILE_BYTES, SampleFile
from .revisions import LibraryError, diff_lines, work_out_example
from .sandbox import SampleRenderError
from .search import QUERY_CHARS, TAG_CHARS, search
from .spec import parse_sample
from .tags import all_tags

bp = Blueprint("library", __name__, url_prefix="/library")

STARTER = Path(__file__).with_name("starter.md")
TAGS_SHOWN = 40


def _sample(slug: str) -> Sample:
    """The sample with this id, or 404 (also for one that never had a revision)."""
    sample = find(db.session(), slug)
    if sample is None or sample.current is None:
        abort(404)
    return sample


def _actor() -> Actor:
    """Revisions and the audit log record who saved them, so colleagues know whom to ask."""
    return Actor.of(current_user)


def _index(upload: UploadForm, query: str = "", tag: str = "", archived=False, page=1) -> str:
    """The library list with the upload form (showing its error after a refused file)."""
    session = db.session()
    return render_template(
        "web/library/index.html",
        result=search(session, query, tag, archived=archived, page=page),
        query=query,
        tag=tag,
        archived=archived,
        tags=all_tags(session)[:TAGS_SHOWN],
        upload=upload,
    )


@bp.get("/")
def index():
    """List and search the library, with a tag filter."""
    query = request.args.get("q", "").strip()[:QUERY_CHARS]
    tag = request.args.get("tag", "").strip()[:TAG_CHARS]
    archived = request.args.get("archived") == "1"
    return _index(UploadForm(), query, tag, archived, request.args.get("page", 1, type=row_number))


@bp.get("/<slug>")
def show(slug: str):
    """A sample: summary, declared inputs, and a live preview on its example inputs."""
    sample = _sample(slug)
    parsed = parse_sample(sample.current.source)
    preview, problem = None, None
    try:
        preview = work_out_example(parsed)
    except (InputsError, SampleRenderError) as exc:
        problem = str(exc)
    return render_template(
        "web/library/show.html",
        sample=sample,
        parsed=parsed,
        preview=preview,
        problem=problem,
        button=EmptyForm(),
        may_archive=operations.may_archive(db.session(), sample, _actor()),
    )


def _editor(form: SampleEditorForm, sample: Sample | None = None, refused=None):
    """The editor page; after a refusal, its reason (and line) with the text as typed."""
    if refused is None:
        return render_template("web/library/edit.html", form=form, sample=sample, error_line=None)
    form.source.errors = [str(refused)]
    page = render_template(
        "web/library/edit.html", form=form, sample=sample, error_line=refused.line
    )
    return page, 422


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Write a new sample, starting from a small working one."""
    form = SampleEditorForm()
    if request.method == "GET":
        form.source.data = STARTER.read_text(encoding="utf-8")
    if not form.validate_on_submit():
        return _editor(form)
    try:
        created = operations.create_sample(db.session(), form.source.data or "", _actor())
    except LibraryError as exc:
        return _editor(form, refused=exc)
    flash(f"Saved as revision {created.number}.", "success")
    return redirect(url_for(".show", slug=created.sample.slug))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    """Edit a sample; saving makes a new revision and keeps every earlier one."""
    sample = _sample(slug)
    form = SampleEditorForm()
    if request.method == "GET":
        form.source.data, form.revision.data = sample.current.source, sample.current.number
    if not form.validate_on_submit():
        return _editor(form, sample)
    seen = int(form.revision.data) if (form.revision.data or "").isdigit() else None
    try:
        saved = operations.edit_sample(db.session(), sample, form.source.data or "", _actor(), seen)
    except operations.StaleEdit as exc:
        return _conflict(exc)
    except LibraryError as exc:
        return _editor(form, sample, exc)
    if saved is None:
        flash("No change: the sample is exactly as it was.", "success")
    else:
        flash(f"Saved as revision {saved.number}.", "success")
    return redirect(url_for(".show", slug=slug))


def _conflict(stale: operations.StaleEdit):
    """409: the sample as saved now and as this editor sent it, to keep either."""
    sample = stale.sample
    rows = [("Sample file", sample.current.source, stale.typed)]
    resend = [("source", stale.typed), ("revision", sample.current.number)]
    return render_template(
        "web/edit_conflict.html",
        what=f"“{sample.title}”",
        rows=rows,
        resend=resend,
        action=url_for(".edit", slug=sample.slug),
        back=url_for(".show", slug=sample.slug),
    ), 409


@bp.post("/<slug>/duplicate")
@button_post
def duplicate(slug: str):
    """Copy a sample under a new id and open the copy in the editor."""
    copy = operations.duplicate_sample(db.session(), _sample(slug), _actor())
    flash(f"Duplicated as {copy.sample.slug!r}. Change what you need and save.", "success")
    return redirect(url_for(".edit", slug=copy.sample.slug))


@bp.post("/<slug>/archive")
@button_post
def archive(slug: str):
    """Hide a sample from the wizard (or bring it back); nothing is deleted."""
    archived = request.form.get("archived", "1") == "1"
    operations.archive_sample(db.session(), _sample(slug), archived, _actor())
    if archived:
        flash("Archived: hidden from the wizard, kept with its history.", "success")
    else:
        flash("Back in the library.", "success")
    return redirect(url_for(".show", slug=slug))


@bp.get("/<slug>/history")
def history(slug: str):
    """Every revision of a sample, newest first, each with a restore button."""
    sample = _sample(slug)
    return render_template("web/library/history.html", sample=sample, button=EmptyForm())


@bp.get("/<slug>/diff")
def diff(slug: str):
    """What changed between two revisions, line by line."""
    sample = _sample(slug)
    older = revision(db.session(), sample, request.args.get("from", 0, type=row_number))
    newer = revision(db.session(), sample, request.args.get("to", 0, type=row_number))
    if older is None or newer is None:
        abort(404)
    lines = diff_lines(older, newer)
    return render_template(
        "web/library/diff.html", sample=sample, older=older, newer=newer, lines=lines
    )


@bp.post("/<slug>/restore/<int:number>")
@button_post
def restore(slug: str, number: int):
    """Make an earlier revision current again, as a new revision."""
    try:
        restored = operations.restore_revision(db.session(), _sample(slug), number, _actor())
    except LibraryError as exc:
        flash(f"Could not restore revision {number}: {exc}", "warning")
        return redirect(url_for(".history", slug=slug))
    if restored is None:
        flash(f"Revision {number} is already the current text.", "success")
    else:
        flash(f"Revision {number} restored as revision {restored.number}.", "success")
    return redirect(url_for(".show", slug=slug))


@bp.get("/<slug>/download")
def download(slug: str):
    """The sample file as it is now (or at `?revision=N`), to share or keep."""
    sample = _sample(slug)
    number = request.args.get("revision", type=row_number)
    chosen = revision(db.session(), sample, number) if number else sample.current
    if chosen is None:
        abort(404)
    name = f"{file_slug(sample.slug, 'sample')}.md"
    return attachment(chosen.source.encode("utf-8"), name, "text/markdown")


@bp.post("/upload")
@throttle.upload
def upload():
    """Add a sample from a .md file, or a new revision of the sample with the same id."""
    form = UploadForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        slug, saved = operations.upload_sample(db.session(), _uploaded(form), _actor())
    except LibraryError as exc:
        form.file.errors = [str(exc)]
        return _index(form), 422
    flash("Uploaded." if saved else "No change: that file is already the current text.", "success")
    return redirect(url_for(".show", slug=slug))


def _uploaded(form: UploadForm) -> SampleFile:
    """The uploaded file as name and bytes (a file too big is cut one byte past the limit)."""
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        return SampleFile("", b"")
    return SampleFile(upload.filename, upload.read(MAX_FILE_BYTES + 1))

"""Library pages: browse and search, a sample with a live preview, edit, history, files."""

from __future__ import annotations

import difflib
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import db
from ..models import Sample
from ..web import EmptyForm, attachment, button_post, file_slug
from . import bp, store
from .forms import MAX_SOURCE, SampleEditorForm, UploadForm
from .inputs import InputsError
from .sandbox import RenderContext, SampleRenderError, work_out
from .spec import parse_sample

STARTER = Path(__file__).with_name("starter.md")


def _sample(slug: str) -> Sample:
    sample = store.find(db.session(), slug)
    if sample is None or sample.current is None:
        abort(404)
    return sample


def _author() -> str:
    """Revisions record who saved them, so colleagues know whom to ask."""
    return current_user.name


@bp.get("/")
def index():
    """List and search the library, with a tag filter."""
    query = request.args.get("q", "").strip()[:100]
    tag = request.args.get("tag", "").strip()[:60]
    archived = request.args.get("archived") == "1"
    page = request.args.get("page", 1, type=int)
    result = store.search(db.session(), query, tag, archived=archived, page=page)
    return render_template(
        "web/library/index.html",
        result=result,
        query=query,
        tag=tag,
        archived=archived,
        tags=store.all_tags(db.session())[:40],
        upload=UploadForm(),
    )


@bp.get("/<slug>")
def show(slug: str):
    """A sample: summary, declared inputs, and a live preview on its example inputs."""
    sample = _sample(slug)
    parsed = parse_sample(sample.current.source)
    preview, problem = None, None
    try:
        context = RenderContext(organisation="Example client")
        preview = work_out(parsed, parsed.spec.example, context) if parsed.spec.example else None
    except (InputsError, SampleRenderError) as exc:
        problem = str(exc)
    return render_template(
        "web/library/show.html",
        sample=sample,
        parsed=parsed,
        preview=preview,
        problem=problem,
        button=EmptyForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Write a new sample, starting from a small working one."""
    form = SampleEditorForm()
    if request.method == "GET":
        form.source.data = STARTER.read_text(encoding="utf-8")
    return _save_from_editor(form, expect_slug=None, creating=True)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    """Edit a sample; saving makes a new revision and keeps every earlier one."""
    sample = _sample(slug)
    form = SampleEditorForm()
    if request.method == "GET":
        form.source.data = sample.current.source
    return _save_from_editor(form, expect_slug=sample.slug, sample=sample)


def _save_from_editor(form: SampleEditorForm, expect_slug: str | None, sample=None, creating=False):
    if form.validate_on_submit():
        source = (form.source.data or "").replace("\r\n", "\n")
        try:
            revision = _checked_save(source, _author(), expect_slug, creating)
        except store.LibraryError as exc:
            form.source.errors = [str(exc)]
            return render_template(
                "web/library/edit.html", form=form, sample=sample, error_line=exc.line
            ), 422
        if revision is None:
            flash("No change: the sample is exactly as it was.", "success")
            return redirect(url_for(".show", slug=expect_slug))
        flash(f"Saved as revision {revision.number}.", "success")
        return redirect(url_for(".show", slug=revision.sample.slug))
    return render_template("web/library/edit.html", form=form, sample=sample, error_line=None)


def _checked_save(source: str, author: str, expect_slug: str | None, creating: bool):
    if len(source) > MAX_SOURCE:
        raise store.LibraryError(f"a sample file is at most {MAX_SOURCE:,} characters")
    if creating:
        slug = store.validate_source(source, work_example=False).spec.id
        if store.find(db.session(), slug) is not None:
            raise store.LibraryError(
                f"a sample with the id {slug!r} already exists: choose another id"
            )
    revision = store.save_revision(db.session(), source, author, expect_slug=expect_slug)
    db.session().commit()
    return revision


@bp.post("/<slug>/duplicate")
@button_post
def duplicate(slug: str):
    sample = _sample(slug)
    copy = store.duplicate(db.session(), sample, _author())
    db.session().commit()
    flash(f"Duplicated as {copy.sample.slug!r}. Change what you need and save.", "success")
    return redirect(url_for(".edit", slug=copy.sample.slug))


@bp.post("/<slug>/archive")
@button_post
def archive(slug: str):
    """Hide a sample from the wizard (or bring it back); nothing is deleted."""
    sample = _sample(slug)
    archived = request.form.get("archived", "1") == "1"
    store.set_archived(sample, archived)
    db.session().commit()
    flash(
        "Archived: hidden from the wizard, kept with its history."
        if archived
        else "Back in the library.",
        "success",
    )
    return redirect(url_for(".show", slug=slug))


@bp.get("/<slug>/history")
def history(slug: str):
    sample = _sample(slug)
    return render_template("web/library/history.html", sample=sample, button=EmptyForm())


@bp.get("/<slug>/diff")
def diff(slug: str):
    """What changed between two revisions, line by line."""
    sample = _sample(slug)
    older = store.revision(db.session(), sample, request.args.get("from", 0, type=int))
    newer = store.revision(db.session(), sample, request.args.get("to", 0, type=int))
    if older is None or newer is None:
        abort(404)
    lines = list(
        difflib.unified_diff(
            older.source.splitlines(),
            newer.source.splitlines(),
            f"revision {older.number}",
            f"revision {newer.number}",
            lineterm="",
            n=3,
        )
    )
    return render_template(
        "web/library/diff.html", sample=sample, older=older, newer=newer, lines=lines
    )


@bp.post("/<slug>/restore/<int:number>")
@button_post
def restore(slug: str, number: int):
    sample = _sample(slug)
    try:
        revision = store.restore(db.session(), sample, number, _author())
    except store.LibraryError as exc:
        flash(f"Could not restore revision {number}: {exc}", "warning")
        return redirect(url_for(".history", slug=slug))
    db.session().commit()
    message = (
        f"Revision {number} restored as revision {revision.number}."
        if revision
        else (f"Revision {number} is already the current text.")
    )
    flash(message, "success")
    return redirect(url_for(".show", slug=slug))


@bp.get("/<slug>/download")
def download(slug: str):
    """The sample file as it is now (or at `?revision=N`), to share or keep."""
    sample = _sample(slug)
    number = request.args.get("revision", type=int)
    chosen = store.revision(db.session(), sample, number) if number else sample.current
    if chosen is None:
        abort(404)
    name = f"{file_slug(sample.slug, 'sample')}.md"
    return attachment(chosen.source.encode("utf-8"), name, "text/markdown")


@bp.post("/upload")
def upload():
    """Add a sample from a .md file, or a new revision of the sample with the same id."""
    form = UploadForm()
    if not form.validate_on_submit():
        abort(400)
    problem = _upload_problem(form)
    if problem is None:
        source = form.file.data.read(MAX_SOURCE + 1).decode("utf-8-sig").replace("\r\n", "\n")
        try:
            revision = _checked_save(source, _author(), None, False)
        except store.LibraryError as exc:
            problem = str(exc)
        else:
            slug = revision.sample.slug if revision else store.validate_source(source).spec.id
            flash(
                "Uploaded." if revision else "No change: that file is already the current text.",
                "success",
            )
            return redirect(url_for(".show", slug=slug))
    form.file.errors = [problem]
    result = store.search(db.session())
    return render_template(
        "web/library/index.html",
        result=result,
        query="",
        tag="",
        archived=False,
        tags=store.all_tags(db.session())[:40],
        upload=form,
    ), 422


def _upload_problem(form: UploadForm) -> str | None:
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        return "choose a .md file to upload"
    if not upload.filename.lower().endswith((".md", ".markdown")):
        return "a sample file ends in .md"
    position = upload.stream.tell()
    size = len(upload.read(MAX_SOURCE + 1))
    upload.stream.seek(position)
    if size > MAX_SOURCE:
        return f"a sample file is at most {MAX_SOURCE:,} characters"
    try:
        upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return "that file is not UTF-8 text"
    finally:
        upload.stream.seek(position)
    return None

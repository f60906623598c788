"""The firm's sample library: what each sample needs, and a sample worked out on inputs."""

from __future__ import annotations

from flask import current_app, url_for

from .. import db
from ..document import DocumentError, FieldError
from ..firm import locale_for, print_settings
from ..library import lookups, worked
from ..library.sandbox import SampleRenderError
from ..library.spec import ParsedSample, SampleFileError, parse_sample
from ..models import Sample
from .blueprint import api
from .bodies import answer, model_body
from .problems import ApiError, invalid
from .registry import ok
from .schemas import SampleList, SampleOut, SampleSummary, WorkedOut, WorkOutRequest


@api.route(
    "/samples",
    "GET",
    summary="List the sample library",
    answers={200: ok(SampleList, "The library's samples in use (not archived), by title.")},
)
def list_samples():
    """The samples a proposal may name as `sample.id`."""
    items = [
        SampleSummary(
            id=sample.slug,
            title=sample.title,
            summary=sample.summary,
            tags=sample.tags,
            url=url_for(".show_sample", id=sample.slug),
        )
        for sample in lookups.active_samples(db.session())
        if sample.current_revision_id is not None  # (without loading the revision)
    ]
    return answer(SampleList(items=items))


def _sample(slug: str) -> tuple[Sample, ParsedSample]:
    sample = lookups.find(db.session(), slug)
    if sample is None or sample.current is None:
        raise ApiError(404, f"There is no sample {slug!r} in the library.")
    try:
        return sample, parse_sample(sample.current.source)
    except SampleFileError:  # the library refuses such files; one left from before is absent
        raise ApiError(404, f"The sample {slug!r} cannot be read.") from None


@api.route(
    "/samples/<id>",
    "GET",
    summary="Read a sample's declared inputs and example",
    answers={200: ok(SampleOut, "The sample.")},
)
def show_sample(id: str):
    """What a proposal's `sample.inputs` must hold for this sample, and an example of them."""
    sample, parsed = _sample(id)
    spec = parsed.spec
    return answer(
        SampleOut(
            id=sample.slug,
            title=spec.title,
            summary=spec.summary,
            tags=spec.tags,
            language=spec.language,
            revision=sample.current.number,
            inputs=spec.inputs,
            example=spec.example,
        )
    )


@api.route(
    "/samples/<id>/work-out",
    "POST",
    summary="Work a sample out on inputs",
    body=WorkOutRequest,
    answers={200: ok(WorkedOut, "The worked sample as HTML, as the proposal would show it.")},
)
def work_out(id: str):
    """The sample worked out on `inputs` (as a proposal's `sample.inputs` holds them), for
    the client named; problems with the inputs are at `inputs.<name>` (row and column for
    tables), with the wizard's messages."""
    sample, _ = _sample(id)
    asked = model_body(WorkOutRequest)
    session = db.session()
    client = {
        "prospect": {
            "organisation": asked.organisation,
            "contact_name": asked.contact_name,
            "industry": asked.industry,
        },
        "currency": asked.currency,
        "locale": asked.locale,
    }
    context = worked.sample_context(
        client,
        current_app.config["DEFAULT_CURRENCY"],
        locale_for(session, client),
        print_settings(session)["colour"],
    )
    catalog = lookups.DatabaseCatalog(session)
    try:
        result = worked.work_out_sample({"id": id, "inputs": asked.inputs}, catalog, context)
    except DocumentError as exc:
        errors = [FieldError(e.path.removeprefix("sample."), e.message) for e in exc.errors]
        raise invalid(DocumentError(errors)) from None
    except (SampleRenderError, SampleFileError) as exc:
        raise invalid(
            DocumentError([FieldError("", str(exc))]),
            detail="The sample itself could not be worked out (its author can fix it).",
        ) from None
    return answer(
        WorkedOut(id=id, title=result.title, html=str(result.html), revision=sample.current.number)
    )

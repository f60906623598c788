"""Documents that are not stored: validated, or read by the trust check."""

from __future__ import annotations

from .. import db, operations
from ..document import Document, DocumentError, validate_document
from ..firm import default_locale
from ..library.lookups import DatabaseCatalog
from ..trust import PhraseError, check_document, worked_sample_text
from .blueprint import api
from .bodies import answer, answer_json, json_body
from .problems import ApiError, invalid
from .registry import ok, problem_answer
from .schemas import CheckReport, Valid


@api.route(
    "/validate",
    "POST",
    summary="Validate a proposals/v1 document",
    body=Document,
    answers={200: ok(Valid, "The document is valid, its library sample and inputs too.")},
)
def validate():
    """Every problem by path, with the messages `proposals render` prints for the same file;
    nothing is stored."""
    try:
        operations.checked_document(db.session(), json_body())
    except DocumentError as exc:
        raise invalid(exc) from None
    return answer(Valid())


@api.route(
    "/check",
    "POST",
    summary="Run the trust check on a document",
    body=Document,
    answers={
        200: ok(CheckReport, "The report: the same JSON as `proposals check --json`."),
        503: problem_answer("A phrase file of the firm's (PROPOSALS_TRUST_PHRASES) is broken."),
    },
)
def check():
    """Read the document as the client will and report what costs trust; nothing is stored.
    The worked sample is worked out from the firm's library, as the PDF would show it."""
    session = db.session()
    try:
        # As `proposals check`: the schema only; a sample that can't be worked out here
        # leaves the check reading the commentary alone.
        document = validate_document(json_body(), default_locale(session))
        worked = worked_sample_text(document, DatabaseCatalog(session))
        report = check_document(document, worked)
    except DocumentError as exc:
        raise invalid(exc) from None
    except PhraseError as exc:
        raise ApiError(503, f"The trust check cannot run: {exc}") from None
    return answer_json(report.to_dict())  # as the CLI prints it, not re-serialized

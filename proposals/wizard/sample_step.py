"""Step 3, the worked sample: pick a library sample, fill its inputs, see the result.

The inputs form is built from the sample's declared inputs. A table input gets rows
with add/remove buttons and a box for pasted CSV. The worked-out result is shown on
this page before the consultant moves on.
"""

from __future__ import annotations

from flask import current_app, flash, request
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from .. import db, operations
from ..document import DocumentError, Limits, validate_section
from ..library.catalog import UnknownSample
from ..library.inputs import InputsError, ValueProblem, rows_from_csv
from ..library.sandbox import RenderContext, SampleRenderError, work_out
from ..library.spec import InputSpec, ParsedSample, parse_sample
from ..library.store import DatabaseCatalog, active_samples
from .formdata import apply_list_action, attach_errors, form_data, parse_list_action
from .forms import long_text, text
from .steps import Step, neighbour
from .views import go_to, render_step

CSV_SUFFIX = "__csv"
EMPTY_TABLE_ROWS = 3


def _options(values: list[str], empty_label: str) -> list[SelectChoice]:
    return [SelectChoice("", empty_label)] + [SelectChoice(value) for value in values]


def _input_field(spec: InputSpec):
    hint = {"money": "1200.00", "number": "42", "percent": "12.5%", "date": "YYYY-MM-DD"}
    if spec.type == "longtext":
        return TextAreaField(spec.label, description=spec.help or "", render_kw={"rows": 4})
    if spec.type == "choice":
        return SelectField(
            spec.label,
            choices=_options(spec.choices, "Choose…"),
            description=spec.help or "",
        )
    kw = {"placeholder": hint[spec.type]} if spec.type in hint else {}
    if spec.type in ("money", "number", "percent"):
        kw["inputmode"] = "decimal"
    return StringField(spec.label, description=spec.help or "", render_kw=kw)


def _row_form(spec: InputSpec) -> type[Form]:
    fields = {}
    for column in spec.columns:
        if column.type == "choice":
            fields[column.name] = SelectField(column.heading, choices=_options(column.choices, ""))
        else:
            fields[column.name] = StringField(column.heading)
    return type(f"{spec.name.title()}Row", (Form,), fields)


def inputs_form_class(parsed: ParsedSample | None) -> type[Form]:
    """A form with one field per declared input; a table input becomes rows plus a CSV box."""
    fields = {}
    for spec in parsed.inputs if parsed else []:
        if spec.type == "table":
            fields[spec.name] = FieldList(
                FormField(_row_form(spec)), min_entries=1, max_entries=Limits.TABLE_ROWS
            )
            fields[spec.name + CSV_SUFFIX] = TextAreaField(
                "…or paste CSV with a header row",
                render_kw={"rows": 4, "placeholder": ",".join(c.name for c in spec.columns)},
            )
        else:
            fields[spec.name] = _input_field(spec)
    return type("SampleInputs", (Form,), fields)


def sample_form_class(
    parsed: ParsedSample | None, choices: list[tuple[str, str]]
) -> type[FlaskForm]:
    class SampleForm(FlaskForm):
        mode = HiddenField(default="library")
        sample_id = SelectField(
            "Library sample",
            choices=[SelectChoice("", "Choose a sample…")]
            + [SelectChoice(value, label) for value, label in choices],
        )
        inputs = FormField(inputs_form_class(parsed))
        title = text("Title", Limits.TITLE)
        body = long_text("What you worked out (Markdown)", Limits.SAMPLE_BODY, rows=12)
        commentary = long_text("Your commentary", rows=4)

    return SampleForm


# --- between the form and the document ------------------------------------------------


def form_values(section: dict) -> dict:
    """Section data (`{"sample": {...}}`) to the form's flat shape."""
    sample = section.get("sample", {})
    inline = bool(sample) and "id" not in sample
    inputs = {
        name: [{k: _text(v) for k, v in row.items()} for row in value]
        if isinstance(value, list)
        else _text(value)
        for name, value in sample.get("inputs", {}).items()
    }
    return {
        "mode": "inline" if inline else "library",
        "sample_id": sample.get("id", ""),
        "inputs": inputs,
        "title": sample.get("title", ""),
        "body": sample.get("body", ""),
        "commentary": sample.get("commentary", ""),
    }


def _text(value) -> str:
    return "" if value is None else str(value)


def section_values(values: dict) -> dict:
    """The form's flat shape back to a section, keeping only the chosen mode's fields."""
    if values.get("mode") == "inline":
        sample = {key: values.get(key) for key in ("title", "body", "commentary")}
    else:
        inputs = {
            k: v for k, v in (values.get("inputs") or {}).items() if not k.endswith(CSV_SUFFIX)
        }
        sample = {
            "id": values.get("sample_id"),
            "inputs": inputs,
            "commentary": values.get("commentary"),
        }
    return {"sample": sample}


def _translate(path: str) -> str:
    """Document error paths to form paths (`sample.inputs.x[2].y` -> `inputs.x[2].y`)."""
    if path == "sample.id":
        return "sample_id"
    return path.removeprefix("sample.")


# --- the view --------------------------------------------------------------------------


def sample_step(proposal, step: Step):
    catalog = DatabaseCatalog(db.session())
    choices = [(s.slug, s.current.title) for s in active_samples(db.session())]
    if request.method == "GET":
        return _show(proposal, step, catalog, choices)
    return _save(proposal, step, catalog, choices)


def _parsed(
    catalog: DatabaseCatalog, slug: str | None, revision_id: int | None
) -> ParsedSample | None:
    if not slug:
        return None
    try:
        return parse_sample(catalog.get(slug, revision_id).source)
    except (UnknownSample, ValueError):
        return None


def _show(proposal, step, catalog, choices, summary=(), values=None, status=200):
    draft = proposal.step_drafts.get("sample")
    section = draft if draft is not None else operations.section_of(proposal.document, "sample")
    values = values if values is not None else form_values(section)
    parsed = _parsed(catalog, values.get("sample_id"), proposal.sample_revision_id)
    values = _with_empty_rows(values, parsed)
    form = sample_form_class(parsed, choices)(formdata=None, data=values)
    if draft is not None and not summary:
        summary = _errors_for(proposal, form, draft)
    result, problem = (None, None) if draft is not None else _worked_result(proposal, catalog)
    return render_step(
        proposal,
        step,
        form,
        summary,
        status,
        parsed=parsed,
        result=result,
        problem=problem,
        library=_library_cards(catalog),
    )


def _errors_for(proposal, form, section: dict):
    try:
        validate_section("sample", section)
        operations.check_sample(db.session(), proposal, validate_section("sample", section))
    except DocumentError as error:
        return attach_errors(form, error, _translate)
    return []


def _with_empty_rows(values: dict, parsed: ParsedSample | None) -> dict:
    """Give an empty table a few blank rows to type into."""
    if parsed is None:
        return values
    inputs = dict(values.get("inputs") or {})
    for spec in parsed.inputs:
        if spec.type == "table" and not inputs.get(spec.name):
            inputs[spec.name] = [{} for _ in range(EMPTY_TABLE_ROWS)]
    return {**values, "inputs": inputs}


def _library_cards(catalog: DatabaseCatalog) -> list[dict]:
    return [
        {
            "slug": s.slug,
            "title": s.current.title,
            "summary": s.current.summary,
            "tags": s.current.tags,
        }
        for s in active_samples(catalog.session)
    ]


def _worked_result(proposal, catalog) -> tuple[Markup | None, str | None]:
    """The saved sample worked out on the saved inputs, or the reason it could not be."""
    sample = proposal.document.get("sample")
    if not sample:
        return None, None
    if not sample.get("id"):
        from ..richtext import to_html

        return to_html(sample.get("body")), None
    try:
        parsed = parse_sample(catalog.get(sample["id"], proposal.sample_revision_id).source)
        return work_out(parsed, sample.get("inputs", {}), render_context(proposal.document)), None
    except (UnknownSample, InputsError, SampleRenderError, ValueError) as exc:
        return None, str(exc)


def render_context(document: dict) -> RenderContext:
    """What the sample may know of the proposal, from however much of it is written yet."""
    prospect = document.get("prospect", {})
    options = document.get("offer", {}).get("options", [])
    currency = (
        document.get("currency")
        or (options[0].get("currency") if options else None)
        or current_app.config["DEFAULT_CURRENCY"]
    )
    return RenderContext(
        organisation=prospect.get("organisation", "the client"),
        contact_name=prospect.get("contact_name", ""),
        industry=prospect.get("industry", ""),
        currency=currency,
        locale=document.get("locale") or "en",
    )


def _save(proposal, step, catalog, choices):
    action = request.form.get("action", "work")
    chosen = request.form.get("sample_id") or None
    parsed = _parsed(catalog, chosen, proposal.sample_revision_id)
    form = sample_form_class(parsed, choices)()
    values = form_data(form)
    changed = chosen != (request.form.get("shown_sample_id") or None)
    if changed and values.get("mode") != "inline" and action != "example":
        action = "choose"  # a different sample was picked: show its inputs before anything else
    if action.startswith("mode:"):
        values["mode"] = action.removeprefix("mode:")
        operations.save_section(db.session(), proposal, "sample", section_values(values))
        return go_to(proposal, step, anchor="sample-form")
    if action in ("choose", "example"):
        return _choose(proposal, step, catalog, choices, values, parsed, action)
    csv_errors = _read_pasted_csv(values, parsed)
    list_action = parse_list_action(action)
    if list_action:
        operations.save_section(db.session(), proposal, "sample", section_values(values))
        verb, path, index = list_action
        apply_list_action(values, verb, path, index, Limits.TABLE_ROWS)
        return _show(proposal, step, catalog, choices, values=values)
    error = operations.save_section(db.session(), proposal, "sample", section_values(values))
    if csv_errors or error:
        if action == "back":
            return go_to(proposal, neighbour(step, -1))
        return _show_errors(proposal, step, catalog, choices, values, parsed, error, csv_errors)
    if action == "back":
        return go_to(proposal, neighbour(step, -1))
    if action == "next":
        return go_to(proposal, neighbour(step, 1))
    flash(
        "Here it is, worked out on their figures. Read it as they will, then continue.", "success"
    )
    return go_to(proposal, step, anchor="result")


def _choose(proposal, step, catalog, choices, values, parsed, action):
    """Pick a library sample (optionally filled with its example figures) and show its inputs."""
    if parsed is None:
        form = sample_form_class(None, choices)(formdata=None, data=values)
        form.sample_id.errors = ["choose a sample from the library"]
        summary = [(form.sample_id.id, "Choose a sample from the library")]
        return render_step(
            proposal,
            step,
            form,
            summary,
            422,
            parsed=None,
            result=None,
            problem=None,
            library=_library_cards(catalog),
        )
    inputs = dict(parsed.spec.example) if action == "example" else values.get("inputs") or {}
    values = {**values, "mode": "library", "inputs": inputs}
    operations.save_section(db.session(), proposal, "sample", section_values(values))
    return go_to(proposal, step, anchor="inputs")


def _read_pasted_csv(values: dict, parsed: ParsedSample | None) -> list[tuple[str, str]]:
    """Replace a table's rows with pasted CSV; return errors for CSV that doesn't fit."""
    errors = []
    inputs = values.get("inputs") or {}
    for spec in parsed.inputs if parsed else []:
        pasted = (inputs.get(spec.name + CSV_SUFFIX) or "").strip()
        if spec.type != "table" or not pasted:
            continue
        try:
            inputs[spec.name] = rows_from_csv(pasted, spec.columns)
            inputs[spec.name + CSV_SUFFIX] = ""
        except ValueProblem as exc:
            errors.append((spec.name + CSV_SUFFIX, str(exc)))
    return errors


def _show_errors(proposal, step, catalog, choices, values, parsed, error, csv_errors):
    values = _with_empty_rows(values, parsed)
    form = sample_form_class(parsed, choices)(formdata=None, data=values)
    summary = attach_errors(form, error, _translate) if error else []
    for name, message in csv_errors:
        field = form.inputs.form[name]
        field.errors = [message]
        summary.append((field.id, f"Pasted CSV: {message}"))
    return render_step(
        proposal,
        step,
        form,
        summary,
        422,
        parsed=parsed,
        result=None,
        problem=None,
        library=_library_cards(catalog),
    )

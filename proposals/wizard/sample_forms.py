"""The worked-sample step's form, built from the chosen sample's declared inputs.

A table input becomes rows of typed cells (with add/remove buttons), a box for pasted
CSV and a CSV file upload. The form's flat shape converts to and from the document's
`sample` section here, so the views stay thin.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ..document import Limits
from ..library.inputs import ValueProblem, rows_from_csv
from ..library.spec import InputSpec, ParsedSample
from .forms import long_text, text

CSV_TEXT = "__csv"
CSV_FILE = "__file"
CSV_MAX_BYTES = 1024 * 1024
EMPTY_TABLE_ROWS = 3
NUMERIC_TYPES = ("number", "money", "percent")
_HINTS = {"money": "1200.00", "number": "42", "percent": "12.5%", "date": "YYYY-MM-DD"}


def _options(values: list[str], empty_label: str) -> list[SelectChoice]:
    return [SelectChoice("", empty_label)] + [SelectChoice(value) for value in values]


def _input_field(spec: InputSpec):
    description = spec.help or ""
    if spec.type == "longtext":
        return TextAreaField(spec.label, description=description, render_kw={"rows": 4})
    if spec.type == "choice":
        return SelectField(
            spec.label, choices=_options(spec.choices, "Choose…"), description=description
        )
    render_kw = {"placeholder": _HINTS[spec.type]} if spec.type in _HINTS else {}
    if spec.type in ("money", "number", "percent"):
        render_kw["inputmode"] = "decimal"
    return StringField(spec.label, description=description, render_kw=render_kw)


def _row_form(spec: InputSpec) -> type[Form]:
    fields = {
        column.name: SelectField(column.heading, choices=_options(column.choices, ""))
        if column.type == "choice"
        else StringField(column.heading)
        for column in spec.columns
    }
    return type(f"{spec.name.title()}Row", (Form,), fields)


def inputs_form_class(parsed: ParsedSample | None) -> type[Form]:
    """One field per declared input; a table input is rows plus a CSV box and upload."""
    fields = {}
    for spec in parsed.inputs if parsed else []:
        if spec.type != "table":
            fields[spec.name] = _input_field(spec)
            continue
        header = ",".join(column.name for column in spec.columns)
        fields[spec.name] = FieldList(
            FormField(_row_form(spec)), min_entries=1, max_entries=Limits.TABLE_ROWS
        )
        fields[spec.name + CSV_TEXT] = TextAreaField(
            "Paste CSV", render_kw={"rows": 4, "placeholder": header}
        )
        fields[spec.name + CSV_FILE] = FileField("…or upload a CSV file")
    return type("SampleInputs", (Form,), fields)


def sample_form_class(parsed: ParsedSample | None) -> type[FlaskForm]:
    class SampleForm(FlaskForm):
        mode = HiddenField(default="library")
        sample_id = HiddenField()
        inputs = FormField(inputs_form_class(parsed))
        title = text("Title", Limits.TITLE)
        body = long_text("What you worked out (Markdown)", Limits.SAMPLE_BODY, rows=12)
        commentary = long_text("Your commentary", rows=4)

    return SampleForm


def inputs_noun(parsed: ParsedSample | None) -> str:
    """What the sample's inputs are, for headings: "figures" if any is a number, else
    "details" (a contract's clauses are no figures)."""
    for spec in parsed.inputs if parsed else []:
        if spec.type in NUMERIC_TYPES or any(c.type in NUMERIC_TYPES for c in spec.columns):
            return "figures"
    return "details"


def form_values(section: dict) -> dict:
    """Section data (`{"sample": {...}}`) to the form's flat shape."""
    sample = section.get("sample", {})
    inputs = {
        name: [{k: _text(v) for k, v in row.items()} for row in value]
        if isinstance(value, list)
        else _text(value)
        for name, value in (sample.get("inputs") or {}).items()
    }
    return {
        "mode": "inline" if sample and "id" not in sample else "library",
        "sample_id": sample.get("id") or "",
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
        return {"sample": {key: values.get(key) for key in ("title", "body", "commentary")}}
    inputs = {
        name: value
        for name, value in (values.get("inputs") or {}).items()
        if not name.endswith((CSV_TEXT, CSV_FILE))
    }
    sample = {
        "id": values.get("sample_id"),
        "inputs": inputs,
        "commentary": values.get("commentary"),
    }
    return {"sample": sample}


def with_empty_rows(values: dict, parsed: ParsedSample | None) -> dict:
    """Give an empty table a few blank rows to type into."""
    if parsed is None:
        return values
    inputs = dict(values.get("inputs") or {})
    for spec in parsed.inputs:
        if spec.type == "table" and not inputs.get(spec.name):
            inputs[spec.name] = [{} for _ in range(EMPTY_TABLE_ROWS)]
    return {**values, "inputs": inputs}


def read_csv_inputs(values: dict, parsed: ParsedSample | None) -> list[tuple[str, str]]:
    """Replace a table's rows with pasted or uploaded CSV; return (field, message) problems."""
    problems = []
    inputs = values.get("inputs") or {}
    for spec in parsed.inputs if parsed else []:
        if spec.type != "table":
            continue
        upload = inputs.pop(spec.name + CSV_FILE, None)
        text, field = (inputs.get(spec.name + CSV_TEXT) or "").strip(), spec.name + CSV_TEXT
        if upload is not None and getattr(upload, "filename", ""):
            text, field = _read_upload(upload), spec.name + CSV_FILE
            if text is None:
                problems.append((field, "that file is not a UTF-8 CSV file under 1 MB"))
                continue
        if not text:
            continue
        try:
            inputs[spec.name] = rows_from_csv(text, spec.columns)
            inputs[spec.name + CSV_TEXT] = ""
        except ValueProblem as exc:
            problems.append((field, str(exc)))
    return problems


def _read_upload(upload) -> str | None:
    data = upload.read(CSV_MAX_BYTES + 1)
    if len(data) > CSV_MAX_BYTES:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def translate_path(path: str) -> str:
    """Document error paths to form paths (`sample.inputs.x[2].y` -> `inputs.x[2].y`)."""
    return "sample_id" if path == "sample.id" else path.removeprefix("sample.")

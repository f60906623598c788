"""Between forms and documents: list add/remove actions, and errors placed on fields."""

from __future__ import annotations

import re
from typing import Any

from wtforms import Field, FieldList, Form, FormField

from ..document import DocumentError

_INDEX = re.compile(r"\[(\d+)\]")


def form_data(form: Form) -> dict:
    """The form's nested data as a section dict, without the CSRF token."""
    data = _copy(form.data)
    data.pop("csrf_token", None)
    return data


def _copy(value: Any) -> Any:
    """Copy dicts and lists so edits don't reach the form; leave uploads and scalars alone."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def parse_list_action(action: str) -> tuple[str, str, int | None] | None:
    """`add:offer.options` or `remove:offer.options:1` -> (verb, path, index)."""
    parts = action.split(":")
    if len(parts) == 2 and parts[0] == "add":
        return "add", parts[1], None
    if len(parts) == 3 and parts[0] == "remove" and parts[2].isdigit():
        return "remove", parts[1], int(parts[2])
    return None


def apply_list_action(data: dict, verb: str, path: str, index: int | None, limit: int) -> bool:
    """Add an empty entry to, or remove one from, the list at dotted `path`. False if impossible."""
    container = data
    *parents, last = path.split(".")
    for key in parents:
        container = container.get(key)
        if not isinstance(container, dict):
            return False
    items = container.get(last)
    if not isinstance(items, list):
        return False
    if verb == "add":
        if len(items) >= limit:
            return False
        items.append({} if items and isinstance(items[0], dict) else "")
        return True
    if index is not None and 0 <= index < len(items):
        del items[index]
        return True
    return False


def focus_after(form: Form, verb: str, path: str, index: int | None) -> str | None:
    """The id of the field to put the cursor in after adding or removing a list entry."""
    items = find_field(form, path)
    if not isinstance(items, FieldList) or not items.entries:
        return None
    position = len(items.entries) - 1 if verb == "add" else min(index or 0, len(items.entries) - 1)
    entry = items.entries[position]
    if isinstance(entry, FormField):
        entry = next(iter(entry.form))
    return entry.id


# What one entry of a group of records is called in the error summary ("Option 2 — price").
# Lists not named here (a sample's table rows) carry their row in the message already.
ENTRY_NOUNS = {"options": "Option", "referrals": "Referral", "add_ons": "Add-on"}


def field_trail(form: Form, path: str) -> list[tuple[Any, int | None]]:
    """Each field an error path passes through, with the entry number taken from a list."""
    node: Any = form
    trail: list[tuple[Any, int | None]] = []
    for part in _INDEX.sub(r".\1", path).split("."):
        if not part:
            continue
        try:
            if isinstance(node, FieldList):
                trail.append((node, int(part)))
                node = node.entries[int(part)]
            elif isinstance(node, FormField):
                node = node.form[part]
            else:
                node = node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            return []
    return [*trail, (node, None)]


def find_field(form: Form, path: str) -> Field | None:
    """The field an error path points at (`offer.options[0].price`), or None."""
    trail = field_trail(form, path)
    node = trail[-1][0] if trail else None
    return node if isinstance(node, Field) else None


def summary_name(form: Form, path: str) -> str:
    """The field as the error summary names it: "Option 2 — price", "Goals 3", "Industry"."""
    trail = field_trail(form, path)
    field = trail[-1][0]
    items, label = [], field.label.text
    for node, index in trail[:-1]:
        noun = ENTRY_NOUNS.get(node.short_name)
        if noun:
            items.append(f"{noun} {index + 1}")
        elif node.entries[index] is field:  # one line of a list: named like its box
            label = f"{label} {index + 1}"
    if not items:
        return label
    return " — ".join([*items, label[:1].lower() + label[1:] if label[1:2].islower() else label])


def attach_errors(
    form: Form, error: DocumentError, translate=lambda path: path, describe=None
) -> list[tuple[str, str]]:
    """Put each error next to its field; return all of them for the summary at the top.

    The summary holds (field id or "", message) pairs; errors that belong to a group of
    fields (e.g. "write the situation or at least one goal") have no single field.
    `describe(path, field)` names a field in the summary; by default its label.
    """
    summary = []
    for path, message in error.by_path().items():
        field = find_field(form, translate(path))
        if field is not None and not isinstance(field, FieldList | FormField):
            field.errors = [*(field.errors or []), message]
            name = describe(path, field) if describe else summary_name(form, translate(path))
            summary.append((field.id, f"{name}: {message}"))
        else:
            target = field.id if field is not None else ""
            summary.append((target, message))
    return summary


def path_label(forms: list[Form], path: str, translate=None) -> str:
    """A path by its labels in the first form that has it: "Option 2 — price"."""
    form_path = translate(path) if translate else path
    for form in forms:
        label = _label_along(form, form_path)
        if label:
            return label
    return _humane(path)


def _label_along(form: Form, path: str) -> str | None:
    """The labels met walking `path` through `form`: list items by number, the field last."""
    node: Any = form
    words: list[str] = []
    item = False  # the last step went into a list: that item is named by its number
    for part in _INDEX.sub(r".\1", path).split("."):
        if not part:
            continue
        try:
            if isinstance(node, FieldList):
                noun, node = node.label.text, node.entries[int(part)]
                number = int(part) + 1
                if isinstance(node, FormField):  # a record: "Option 2"
                    words.append(f"{noun.removesuffix('s')} {number}")
                else:  # a line of a list, by the line's own label: "Goals, item 2"
                    words.append(f"{node.label.text}, item {number}")
                item = True
            elif isinstance(node, FormField):
                node, item = node.form[part], False
            else:
                node, item = node[part], False
                if isinstance(node, FormField) and _has_siblings(form):
                    words.append(node.label.text)  # "Prospect — organisation"
        except (KeyError, IndexError, ValueError, TypeError):
            return None
    if not isinstance(node, Field):
        return None
    if not item:
        words.append(node.label.text)
    return " — ".join(_first_lower(word) if n else word for n, word in enumerate(words))


def _has_siblings(form: Form) -> bool:
    """More than one group or field in the form (a step's one wrapper names nothing)."""
    return len([field for field in form if field.name != "csrf_token"]) > 1


def _first_lower(word: str) -> str:
    return word if word[:2].isupper() else word[:1].lower() + word[1:]


def _humane(path: str) -> str:
    """A readable name for a path no form field has: its last part, in words."""
    last = _INDEX.sub("", path).rsplit(".", 1)[-1]
    return last.replace("_", " ").capitalize() or path

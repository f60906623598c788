"""Step 5, the offer: options with their unit, tax and optional extras.

The form shows a tax rate and a checkbox for every option; an option with neither is an
option without tax, so it is stored without one. The name of the tax is prefilled with
the one usual where the proposal is read, and errors in the summary say which option
and which extra they are in ("Option 2 — add-on 1 — price: not a number").
"""

from __future__ import annotations

import re

from .. import operations
from ..offer_totals import default_tax_label
from .form_step import FormStep
from .formdata import attach_errors, form_data
from .page import StepPage

_ITEM = re.compile(r"(options|add_ons)\[(\d+)\]")
ITEM_NOUNS = {"options": "Option", "add_ons": "add-on"}


class OfferStep(FormStep):
    """The offer form: options, their tax and extras, and the name of the tax."""

    def form_for(self, page: StepPage, data: dict):
        offer = dict(data.get("offer") or {})
        if not (offer.get("tax_label") or "").strip():
            offer["tax_label"] = default_tax_label(page.proposal.document.get("locale"))
        return super().form_for(page, {**data, "offer": offer})

    def collect(self, form) -> dict:
        data = form_data(form)
        for option in (data.get("offer") or {}).get("options") or []:
            if not _tax_given(option.get("tax")):
                option.pop("tax", None)
        # Only now: an unticked checkbox would have kept an untouched option row.
        return operations.prune_blank(data)

    def attach(self, form, error):
        return attach_errors(form, error, describe=item_name)


def _tax_given(tax) -> bool:
    """A rate typed, or "includes tax" ticked: the consultant meant to say something."""
    return isinstance(tax, dict) and bool((tax.get("rate") or "").strip() or tax.get("included"))


def item_name(path: str, field) -> str:
    """ "offer.options[1].add_ons[0].price" -> "Option 2 — add-on 1 — price"."""
    items = [f"{ITEM_NOUNS[key]} {int(index) + 1}" for key, index in _ITEM.findall(path)]
    label = field.label.text
    if not items:
        return label
    return " — ".join([*items, label[:1].lower() + label[1:]])

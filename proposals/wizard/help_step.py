"""Step 4, "Who else could help", with the firm's referral directory beside it.

Up to four providers from the directory, ranked by how well they match the prospect's
industry and what was heard, each with an "Add to this proposal" button; and for each
referral typed in the form, "Save to the directory". Both are buttons of the step's own
form, so what was typed is saved first, exactly as with "Add a referral".
"""

from __future__ import annotations

from flask import flash, request, url_for
from flask_login import current_user
from markupsafe import Markup

from .. import db, operations
from ..audit import Actor
from ..document import Limits
from ..models import Provider
from ..referrals import ranking, store
from ..referrals.operations import save_referral
from ..referrals.providers import LABELS, ProviderError, match_key
from .form_step import FormStep
from .formdata import form_data
from .page import StepPage

SUGGESTIONS = 4
ADD = "provider:add:"
SAVE = "provider:save:"


class HelpStep(FormStep):
    """The help form, plus the directory's two buttons: add a provider, save a referral."""

    def save(self, page: StepPage):
        action = request.form.get("action", "")
        if action.startswith(ADD) and action[len(ADD) :].isdigit():
            return _add_provider(page, int(action[len(ADD) :]))
        if action.startswith(SAVE) and action[len(SAVE) :].isdigit():
            return _save_to_directory(page, int(action[len(SAVE) :]))
        return super().save(page)


def _add_provider(page: StepPage, provider_id: int):
    """Append a directory provider as a referral; the consultant writes why, in their words."""
    proposal, current = page.proposal, page.step
    form = current.form()
    data = operations.prune_blank(form_data(form))
    referrals = data.setdefault("referrals", [])
    provider = db.session().get(Provider, provider_id)
    summary = []
    focus = None
    if provider is None:
        summary.append(("", "That provider is no longer in the directory."))
    elif _named(referrals, provider):
        summary.append(("", f"{provider.name} is already in this proposal."))
    elif len(referrals) >= Limits.REFERRALS:
        summary.append(
            ("", f"This proposal already names {Limits.REFERRALS} providers: remove one first.")
        )
    else:
        referrals.append(
            {
                "name": provider.name,
                "organisation": provider.organisation or None,
                "serves": provider.good_for,
                "why": "",
                "contact": provider.contact or None,
            }
        )
    # Saved as a draft until "why" is written: nothing typed or added is lost.
    operations.save_section(db.session(), proposal, current.section, data, mid_edit=True)
    form = current.form(formdata=None, data=data)
    if provider is not None and not summary:
        focus = form.referrals.entries[len(referrals) - 1].form.why.id
        flash(f"Added {provider.name}. Say why they fit better, in your own words.", "success")
    return page.render(form, summary, focus_id=focus)


def _save_to_directory(page: StepPage, index: int):
    """Keep a referral typed here in the firm's directory (same name and organisation:
    that entry is brought up to date)."""
    proposal, current = page.proposal, page.step
    form = current.form()
    typed = form_data(form).get("referrals") or []
    referral = typed[index] if 0 <= index < len(typed) else None
    data = operations.prune_blank(form_data(form))
    operations.save_section(db.session(), proposal, current.section, data, mid_edit=True)
    form = current.form(formdata=None, data=data)
    # The entry's position after blank rows were dropped, to show the message beside it.
    position = _position(data.get("referrals") or [], referral)
    summary = []
    if referral is None or not (referral.get("name") or "").strip():
        summary.append(("", "Give the provider a name before saving them to the directory."))
        return page.render(form, summary)
    try:
        provider, created = save_referral(db.session(), referral, Actor.of(current_user))
    except ProviderError as exc:
        entry = form.referrals.entries[position].form if position is not None else None
        for name, message in exc.errors.items():
            field_name = {"good_for": "serves"}.get(name, name)
            field = entry[field_name] if entry is not None and field_name in entry else None
            message = f"{message.split(':')[0]}, to save them to the directory"
            if field is not None:
                field.errors = [*(field.errors or []), message]
                summary.append((field.id, f"{field.label.text}: {message}"))
            else:
                summary.append(("", f"{LABELS[name]}: {message}"))
        return page.render(form, summary, status=422)
    link = url_for("referrals.edit", provider_id=provider.id)
    verb = "Saved" if created else "Updated"
    message = Markup(
        '{} {} in the referral directory. <a href="{}">Add tags there</a> so the wizard can '
        "suggest them to the next client who needs them."
    )
    flash(message.format(verb, provider.name, link), "success")
    return page.render(form)


def _named(referrals: list[dict], provider) -> bool:
    keys = {match_key(r.get("name") or "", r.get("organisation")) for r in referrals}
    return provider.match_key in keys


def _position(referrals: list[dict], referral: dict | None) -> int | None:
    if referral is None:
        return None
    for position, item in enumerate(referrals):
        if item == operations.prune_blank(referral):
            return position
    return None


def directory_helpers():
    """What help.html shows beside the form: suggestions, and which referrals the directory
    already has. Computed only when the template asks."""
    return {"referral_suggestions": suggestions, "in_directory": in_directory}


def suggestions(proposal, referrals_field) -> list[ranking.Suggestion]:
    """The best-matching providers the proposal does not name yet."""
    typed = [entry.form.data for entry in referrals_field.entries]
    named = [match_key(r.get("name") or "", r.get("organisation")) for r in typed]
    return ranking.rank_providers(db.session(), proposal.document, SUGGESTIONS, exclude=named)


def in_directory(name: str | None, organisation: str | None) -> bool:
    if not (name or "").strip():
        return False
    return store.find(db.session(), name, organisation) is not None

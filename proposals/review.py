"""Soft checks for the review step: what a careful consultant would still want to add.

These never block a PDF; the schema's errors do. Each names the step that fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .document import Document


@dataclass(frozen=True)
class Advice:
    step: str  # wizard step slug
    message: str


def advice(document: Document, today: date | None = None) -> list[Advice]:
    """What is missing or out of date, in the order the client will read the proposal."""
    today = today or date.today()
    heard, offer = document.listening, document.offer
    found = []
    if not heard.their_words:
        found.append(
            Advice("heard", "No quotes in their own words yet: one or two show you listened.")
        )
    if not heard.goals:
        found.append(Advice("heard", "No goals listed: what do they want to be true after this?"))
    if not heard.sleep_well:
        found.append(Advice("heard", "Nothing yet on what would let them sleep well at night."))
    if not document.sample.commentary:
        found.append(
            Advice("sample", "The worked sample has no commentary: say what it means for them.")
        )
    if not document.referrals:
        found.append(
            Advice(
                "help", "No referrals: is there really no one who would serve part of this better?"
            )
        )
    if not offer.if_it_goes_wrong:
        found.append(Advice("offer", "The offer doesn't say what happens if something goes wrong."))
    if offer.valid_until and offer.valid_until < today:
        found.append(
            Advice("offer", f"The offer's “valid until” date ({offer.valid_until}) has passed.")
        )
    if not document.next_steps:
        found.append(Advice("next", "No next steps: what should the client do after reading?"))
    if document.follow_up is None:
        found.append(
            Advice("next", "No follow-up date: when will you come back to them about their issue?")
        )
    elif document.follow_up.on < today:
        found.append(Advice("next", f"The follow-up date ({document.follow_up.on}) has passed."))
    return found

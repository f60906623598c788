"""The wizard's steps, in order: the one place that says what comes after what."""

from __future__ import annotations

from dataclasses import dataclass

from . import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    section: str | None  # the document section it saves; None for the review
    form: type | None
    template: str
    purpose: str  # one line shown under the title: why this step matters to the client


STEPS = [
    Step(
        "people",
        "Prospect and consultant",
        "people",
        forms.PeopleForm,
        "web/wizard/people.html",
        "Who you met, and who is writing to them.",
    ),
    Step(
        "heard",
        "What you heard",
        "listening",
        forms.ListeningForm,
        "web/wizard/heard.html",
        "Write it while it is fresh. The proposal opens with this, so the client feels heard "
        "before they read a single claim.",
    ),
    Step(
        "sample",
        "Worked sample",
        "sample",
        None,
        "web/wizard/sample.html",
        "Show, don't claim: a small piece of the real work, done on their own figures.",
    ),
    Step(
        "help",
        "Who else could help",
        "help",
        forms.HelpForm,
        "web/wizard/help.html",
        "Name anyone who would serve part of this better, and what they can do without "
        "hiring anyone.",
    ),
    Step(
        "offer",
        "The offer",
        "offer",
        forms.OfferForm,
        "web/wizard/offer.html",
        "Only now, the options: plain prices, what is included, and what happens if it goes wrong.",
    ),
    Step(
        "next",
        "Next steps",
        "next_steps",
        forms.NextStepsForm,
        "web/wizard/next.html",
        "What happens now, and the specific follow-up you will make about their issue.",
    ),
    Step(
        "review",
        "Review",
        None,
        None,
        "web/wizard/review.html",
        "Read it as the client will, in the order they will read it.",
    ),
]

_BY_SLUG = {step.slug: step for step in STEPS}


def step_by_slug(slug: str) -> Step | None:
    return _BY_SLUG.get(slug)


def step_for_section(section: str) -> Step:
    return next(step for step in STEPS if step.section == section)


def neighbour(step: Step, offset: int) -> Step | None:
    index = STEPS.index(step) + offset
    return STEPS[index] if 0 <= index < len(STEPS) else None


def step_state(proposal, step: Step) -> str:
    """complete, attention (typed but not valid yet) or todo, for the progress indicator."""
    if step.section is None:
        return "todo"
    if step.section in proposal.step_drafts:
        return "attention"
    return "complete" if step.section in proposal.completed_steps else "todo"


def first_open_step(proposal) -> str:
    """Where "continue" should take the consultant: the first step not yet complete."""
    for step in STEPS:
        if step.section and step_state(proposal, step) != "complete":
            return step.slug
    return "review"

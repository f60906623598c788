"""The wizard's steps, in order: the one place that says what comes after what.

Each step names the handler object that shows and saves it (page.StepHandler).
"""

from __future__ import annotations

from . import forms
from .form_step import FormStep
from .help_step import HelpStep
from .offer_step import OfferStep
from .page import Step, StepPage, step_state
from .review import ReviewStep
from .sample_step import SampleStep

STEPS = [
    Step(
        "people",
        "Prospect and consultant",
        "people",
        forms.PeopleForm,
        "web/wizard/people.html",
        "Who you met, and who is writing to them.",
        FormStep(),
    ),
    Step(
        "heard",
        "What you heard",
        "listening",
        forms.ListeningForm,
        "web/wizard/heard.html",
        "Write it while it is fresh. The proposal opens with this, so the client feels heard "
        "before they read a single claim.",
        FormStep(),
    ),
    Step(
        "sample",
        "Worked sample",
        "sample",
        None,
        "web/wizard/sample.html",
        "Show, don't claim: a small piece of the real work, done on their own figures.",
        SampleStep(),
    ),
    Step(
        "help",
        "Who else could help",
        "help",
        forms.HelpForm,
        "web/wizard/help.html",
        "Name anyone who would serve part of this better, and what they can do without "
        "hiring anyone.",
        HelpStep(),
    ),
    Step(
        "offer",
        "The offer",
        "offer",
        forms.OfferForm,
        "web/wizard/offer.html",
        "Only now, the options: plain prices, what is included, and what happens if it goes wrong.",
        OfferStep(),
    ),
    Step(
        "next",
        "Next steps",
        "next_steps",
        forms.NextStepsForm,
        "web/wizard/next.html",
        "What happens now, and the specific follow-up you will make about their issue.",
        FormStep(),
    ),
    Step(
        "review",
        "Review",
        None,
        None,
        "web/wizard/review.html",
        "Read it as the client will, in the order they will read it.",
        ReviewStep(),
    ),
]

_BY_SLUG = {step.slug: step for step in STEPS}


def step_by_slug(slug: str) -> Step | None:
    return _BY_SLUG.get(slug)


def page_of(proposal, slug: str) -> StepPage | None:
    """The page of one step of this proposal; None for a step that doesn't exist."""
    step = step_by_slug(slug)
    return StepPage(proposal, step, STEPS) if step else None


def first_open_step(proposal) -> str:
    """Where "continue" should take the consultant: the first step not yet complete."""
    for step in STEPS:
        if step.section and step_state(proposal, step) != "complete":
            return step.slug
    return "review"

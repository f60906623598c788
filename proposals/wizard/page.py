"""A wizard step and the page it is shown on: what every step's handler works with.

`steps.py` lists the steps in order, each with the handler object that shows and saves it;
a handler gets a `StepPage` (this proposal, this step, the whole list) to render the step
with its progress indicator, or to move to the step before or after. Handlers never import
the step list, so the list can name them without an import cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from flask import redirect, render_template, url_for

from .. import operations
from ..operations import QUIET
from .forms import prefill_currencies

# Keys a step posts whatever the consultant does (which way the sample is given): no typing.
UNTYPED_KEYS = frozenset({QUIET, "mode"})


class StepHandler(Protocol):
    """Shows a step and saves what was typed into it."""

    def show(self, page: StepPage) -> Any: ...

    def save(self, page: StepPage) -> Any: ...

    def unsaved(self, page: StepPage, formdata, message: str, status: int) -> Any:
        """The step filled with a form that could not be saved yet, and why."""

    def typed(self, page: StepPage) -> Any:
        """What this request's form holds, as `autosave` and `conflict_rows` take it."""

    def autosave(self, page: StepPage, typed: Any, seen: int | None) -> list[tuple[str, str]]:
        """Save as Save does; (field id, message) for each error. Raises StaleSection."""

    def conflict_rows(self, page: StepPage, typed: Any) -> list[tuple[str, str, str]]:
        """(field label, saved now, typed) for each field that differs from the saved step."""


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    section: str | None  # the document part it saves; None for the review
    form: type | None
    template: str
    purpose: str  # one line shown under the title: why this step matters to the client
    handler: StepHandler


STATE_LABELS = {
    "complete": "complete",
    "attention": "needs attention",
    "started": "in progress",
    "todo": "not started",
}


def step_state(proposal, step: Step) -> str:
    """The progress indicator's word for a step (a key of STATE_LABELS).

    A draft kept by "continue" did not validate: it needs attention. A draft kept mid-edit
    (a sample picked, a row added) is only in progress, and a draft with nothing typed in it
    (a step left with "back" untouched) leaves an unfinished step not started.
    """
    if step.section is None:
        return "todo"
    draft = proposal.step_drafts.get(step.section)
    complete = step.section in proposal.completed_steps
    if draft is None or not (complete or typed(draft)):
        return "complete" if complete else "todo"
    return "started" if draft.get(QUIET) else "attention"


def typed(value: Any) -> bool:
    """Whether a draft holds anything the consultant typed or ticked."""
    if isinstance(value, dict):
        return any(typed(item) for key, item in value.items() if key not in UNTYPED_KEYS)
    if isinstance(value, list):
        return any(typed(item) for item in value)
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


@dataclass(frozen=True)
class StepPage:
    """One step of one proposal, as the consultant sees it."""

    proposal: Any
    step: Step
    steps: Sequence[Step]

    def neighbour(self, offset: int) -> Step | None:
        index = list(self.steps).index(self.step) + offset
        return self.steps[index] if 0 <= index < len(self.steps) else None

    def render(self, form, summary=(), status: int = 200, **extra):
        """The step's page with the progress indicator and the error summary."""
        if form is not None:
            prefill_currencies(form, self.proposal.document)
        return render_template(
            self.step.template,
            proposal=self.proposal,
            step=self.step,
            steps=self.steps,
            state=lambda step: step_state(self.proposal, step),
            state_labels=STATE_LABELS,
            form=form,
            summary=list(summary),
            previous=self.neighbour(-1),
            next=self.neighbour(1),
            section_version=self.version,
            **extra,
        ), status

    @property
    def version(self) -> int:
        """This step's edit version, which its form sends back to detect a stale tab."""
        return operations.section_version(self.proposal, self.step.section or "")

    def go(self, offset: int = 0, anchor: str | None = None):
        """Redirect to this step (0), the one before (-1) or after (1); past the end: review."""
        step = self.neighbour(offset)
        slug = step.slug if step else "review"
        return redirect(
            url_for("wizard.step", proposal_id=self.proposal.id, slug=slug, _anchor=anchor)
        )

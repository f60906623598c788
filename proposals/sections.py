"""The five sections of a proposal, in the contract's order: the one place that defines them.

Each section names its title, the document keys it shows, the wizard step that edits it and
its print partial. The render context, the print templates, the review page, the trust
report and the wizard's list of what is missing all read this list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


def N_(text: str) -> str:  # gettext's name for a marker, which pybabel extract finds
    """Marks a title for the PDF's catalogs: the PDF prints it translated, the web UI as is."""
    return text


@dataclass(frozen=True)
class Section:
    id: str  # the PDF's anchor and the trust report's key
    title: str  # its heading in the PDF, the contents, the review and the trust report
    about: str  # one line under its title in the contents
    keys: tuple[str, ...]  # the document keys it shows
    step: str  # the wizard step that edits it
    partial: str  # its print template, in templates/pdf/

    def as_dict(self) -> dict:
        return asdict(self)


# Not numbered and not in the contents: who it is for and from, on the first page.
COVER = Section(
    "cover",
    "",
    "",
    ("title", "locale", "currency", "consultant", "prospect", "pdf"),
    "people",
    "_cover.html",
)

SECTIONS = (
    Section(
        "heard",
        N_("What we heard"),
        N_("Your situation, goals and worries, as you described them."),
        ("listening",),
        "heard",
        "_heard.html",
    ),
    Section(
        "sample",
        N_("Worked sample"),
        N_("A piece of the real work, done on your own figures."),
        ("sample",),
        "sample",
        "_sample.html",
    ),
    Section(
        "others",
        N_("Who else could help"),
        N_("Who could serve part of this better, and what you can do yourself."),
        ("referrals", "self_help"),
        "help",
        "_others.html",
    ),
    Section(
        "offer",
        N_("If you'd like our help"),
        N_("The ways we could help, side by side, with plain prices."),
        ("offer",),
        "offer",
        "_offer.html",
    ),
    Section(
        "next",
        N_("Next steps"),
        N_("What happens next, and when we will be back in touch."),
        ("next_steps", "follow_up"),
        "next",
        "_next.html",
    ),
)

IDS = tuple(section.id for section in SECTIONS)
TITLES = {section.id: section.title for section in SECTIONS}
_BY_ID = {section.id: section for section in SECTIONS}
_BY_KEY = {key: section for section in (COVER, *SECTIONS) for key in section.keys}


def section(section_id: str) -> Section:
    return _BY_ID[section_id]


def step_for_path(path: str) -> str:
    """The wizard step that edits a document path (`offer.options[0].price` -> "offer")."""
    key = path.split(".")[0].split("[")[0]
    return _BY_KEY.get(key, COVER).step

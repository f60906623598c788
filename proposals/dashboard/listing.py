"""The dashboard's list: search (accents and case folded), a status filter, three sorts,
and pages of 25; all of it read from the URL, so a search can be bookmarked or shared."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..document import Limits
from ..folding import search_words
from ..models import Proposal, Status

PAGE_SIZE = 25
# Sort keys as the URL spells them, with the label the sort menu shows.
SORTS = {"changed": "Last change", "prospect": "Prospect", "status": "Status"}
_STATUS_ORDER = case(
    {status.value: index for index, status in enumerate(Status)}, value=Proposal.status
)


@dataclass(frozen=True)
class Criteria:
    """What the consultant asked for: a search, a status, a sort and a page number."""

    query: str = ""
    status: str = ""
    sort: str = "changed"
    page: int = 1

    @classmethod
    def read(cls, query: str, status: str, sort: str, page: int) -> Criteria:
        """Criteria from a URL's values; anything unknown falls back to the default."""
        return cls(
            query=" ".join(query.split())[: Limits.SEARCH],
            status=status if status in set(Status) else "",
            sort=sort if sort in SORTS else "changed",
            page=max(page, 1),
        )

    @property
    def narrowed(self) -> bool:
        return bool(self.query or self.status)


@dataclass(frozen=True)
class Listing:
    proposals: list[Proposal]
    number: int
    pages: int
    total: int


def _ordering(sort: str) -> list:
    newest = [Proposal.updated_at.desc(), Proposal.id.desc()]
    if sort == "prospect":
        return [Proposal.prospect == "", func.lower(Proposal.prospect), *newest]
    if sort == "status":
        return [_STATUS_ORDER, *newest]
    return newest


def listing(session: Session, owner_id: int, criteria: Criteria) -> Listing:
    """One page of the owner's proposals that match the criteria."""
    conditions = [Proposal.owner_id == owner_id]
    if criteria.status:
        conditions.append(Proposal.status == criteria.status)
    for word in search_words(criteria.query):
        conditions.append(Proposal.search_text.contains(word, autoescape=True))
    total = session.scalar(select(func.count(Proposal.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(criteria.page, pages)
    rows = session.scalars(
        select(Proposal)
        .where(*conditions)
        .order_by(*_ordering(criteria.sort))
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return Listing(list(rows), number, pages, total)

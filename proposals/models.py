"""Tables: proposals with their immutable PDF versions, and the sample library."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Role(StrEnum):
    ADMIN = "admin"  # manages users and the firm profile, and writes proposals
    CONSULTANT = "consultant"


class User(Base):
    """Someone at the firm who signs in; proposals belong to the one who wrote them."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16), default=Role.CONSULTANT)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An administrator's one-time reset link: only its SHA-256 is kept, until used or expired.
    reset_token_hash: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    reset_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    # "Your profile": written on every new proposal's people step (name and e-mail above too).
    job_title: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(200), default="")

    # The sign-in this request belongs to (auth/sessions.py sets it); part of Flask-Login's id,
    # so a cookie names one server-side sign-in, which signing out ends.
    session_token = None

    # Flask-Login's interface.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class SignIn(Base):
    """One live sign-in (a browser's session); signing out deletes it, so its cookie stops
    working. Only the SHA-256 of the token in the cookie is kept."""

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Status(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Proposal(Base):
    """A proposal being written: its document so far, and the wizard's progress."""

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    prospect: Mapped[str] = mapped_column(String(200), default="")
    # The title, prospect and every word of the document, folded (lower case, no accents),
    # so the dashboard's search finds "Café" for "cafe" without loading documents.
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT)
    # The validated sections saved so far, merged into one proposals/v1 document.
    document: Mapped[dict] = mapped_column(JSON, default=dict)
    # What was typed into a step that did not validate yet, keyed by step: never lost.
    step_drafts: Mapped[dict] = mapped_column(JSON, default=dict)
    completed_steps: Mapped[list] = mapped_column(JSON, default=list)
    # Each step's own edit version ({section: n}): a tab is out of date only for the step
    # saved elsewhere since it opened (wizard.conflict), not for the whole proposal.
    section_versions: Mapped[dict] = mapped_column(JSON, default=dict)
    edit_version: Mapped[int] = mapped_column(default=1)
    # Every UPDATE checks and bumps the version: a save racing another one fails
    # instead of silently dropping it (see operations.save_section, which retries).
    __mapper_args__ = {"version_id_col": edit_version}
    sample_revision_id: Mapped[int | None] = mapped_column(ForeignKey("sample_revision.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Follow-up kit (proposals/followup): when it went out, the follow-up as scheduled
    # (copied from the document when marked sent, editable), when that follow-up was made,
    # and the two drafts as edited (None: the suggested text, written from the document).
    sent_on: Mapped[date | None] = mapped_column(default=None)
    follow_up_on: Mapped[date | None] = mapped_column(default=None, index=True)
    follow_up_about: Mapped[str | None] = mapped_column(Text, default=None)
    follow_up_done_on: Mapped[date | None] = mapped_column(default=None)
    follow_up_note: Mapped[str | None] = mapped_column(Text, default=None)
    cover_email: Mapped[str | None] = mapped_column(Text, default=None)
    # One of the two demo proposals loaded on a new database: shown as an example.
    example: Mapped[bool] = mapped_column(default=False, server_default=false())

    versions: Mapped[list[PdfVersion]] = relationship(
        back_populates="proposal",
        order_by="PdfVersion.number.desc()",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    sample_revision: Mapped[SampleRevision | None] = relationship()

    @property
    def latest_version(self) -> PdfVersion | None:
        return self.versions[0] if self.versions else None


class PdfVersion(Base):
    """One generated PDF, kept for good together with the exact document it was made from."""

    __tablename__ = "pdf_version"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    number: Mapped[int]
    document: Mapped[dict] = mapped_column(JSON)
    sample_revision_id: Mapped[int | None] = mapped_column(ForeignKey("sample_revision.id"))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the version is first sent: from then on it is what the client sees.
    frozen_at: Mapped[datetime | None] = mapped_column(default=None)

    proposal: Mapped[Proposal] = relationship(back_populates="versions")


class Sample(Base):
    """A reusable worked sample in the firm's library; its content lives in revisions.

    The current revision's title, summary and tags are copied here, and its words into
    sample_text, so listing and searching thousands of samples never loads a revision.
    """

    __tablename__ = "sample"
    __table_args__ = (Index("ix_sample_listing", "archived", "sort_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("sample_revision.id", use_alter=True, name="fk_sample_current_revision")
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    sort_title: Mapped[str] = mapped_column(String(200), default="")  # lower-cased, indexed
    summary: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    tags_text: Mapped[str] = mapped_column(Text, default="")  # ",it,backup," for tag filters

    revisions: Mapped[list[SampleRevision]] = relationship(
        back_populates="sample",
        order_by="SampleRevision.number.desc()",
        foreign_keys="SampleRevision.sample_id",
    )
    current: Mapped[SampleRevision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )
    text: Mapped[SampleText | None] = relationship(cascade="all, delete-orphan")


class SampleText(Base):
    """The current revision's words, for search (indexed by FTS5 on SQLite)."""

    __tablename__ = "sample_text"

    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id"), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class SampleRevision(Base):
    """One saved state of a sample file; never changed, never deleted once used."""

    __tablename__ = "sample_revision"
    __table_args__ = (UniqueConstraint("sample_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sample: Mapped[Sample] = relationship(back_populates="revisions", foreign_keys=[sample_id])


class Provider(Base):
    """A provider the firm trusts and refers clients to: one directory for the whole firm.

    `match_key` is the name and organisation folded to lower case, so saving "Tom Okafor"
    of "Eastgate Commercial Property" twice updates one entry instead of making two.
    """

    __tablename__ = "provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    good_for: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JSON, default=list)
    contact: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    match_key: Mapped[str] = mapped_column(String(410), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Who added it (None: before authors were kept, or a command): they and administrators
    # may delete it.
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", name="fk_provider_created_by"), default=None
    )
    # The edit form carries it, and every UPDATE checks and bumps it: a save from an
    # out-of-date page is shown as a conflict instead of silently dropping a change.
    edit_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": edit_version}


class AuditEntry(Base):
    """One change to the firm's shared material (a sample or a provider): who, what, when.

    `who` and `subject` are copied as they were, so the entry still reads right after the
    user is renamed or the provider deleted.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", name="fk_audit_entry_user"), default=None
    )
    who: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # AuditKind
    action: Mapped[str] = mapped_column(String(16))  # AuditAction
    subject: Mapped[str] = mapped_column(String(200))  # the sample's id, the provider's name
    subject_id: Mapped[int | None] = mapped_column(default=None)
    details: Mapped[str] = mapped_column(Text, default="")


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RenderJob(Base):
    """One request to render a proposal's PDF, in this process or on a queue's worker.

    The job names the edit version it renders, so a retried task finds its version already
    made instead of making a second one (proposals/render_jobs.py)."""

    __tablename__ = "render_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    edit_version: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED)
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("pdf_version.id", ondelete="SET NULL"), default=None
    )
    error: Mapped[str] = mapped_column(Text, default="")
    # [{"path": "offer.options[0].price", "message": "..."}] when the document needs fixing
    errors: Mapped[list] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)  # the latest attempt's
    finished_at: Mapped[datetime | None] = mapped_column(default=None)

    version: Mapped[PdfVersion | None] = relationship()


class Sending(Base):
    """One sending of one frozen PDF version to the client: by e-mail, by hand or by link.

    A new send is a new row; the version it names is frozen (PdfVersion.frozen_at) and
    never deleted while a sending points at it."""

    __tablename__ = "sending"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("pdf_version.id"))
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), default=None
    )
    method: Mapped[str] = mapped_column(String(16))  # "email", "manual" (copy/mailto), "link"
    to_address: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64))  # the frozen PDF's, as sent
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The send page's one-time key: a second press of "Send" finds this row, sends nothing.
    send_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)

    version: Mapped[PdfVersion] = relationship()


class ClientLink(Base):
    """A private link to one sent version; only the token's SHA-256 is kept."""

    __tablename__ = "client_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    sending_id: Mapped[int] = mapped_column(ForeignKey("sending.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("pdf_version.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_on: Mapped[date]  # the last day the link opens
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    sending: Mapped[Sending] = relationship()
    version: Mapped[PdfVersion] = relationship()


class AnswerKind(StrEnum):
    ACCEPT = "accept"
    QUESTION = "question"
    DECLINE = "decline"  # "Not now"


class ClientAnswer(Base):
    """What the client submitted on their page: nothing else about them is recorded.

    An acceptance is unique per link (`accepted_link_id`), so a second submit finds the first."""

    __tablename__ = "client_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    link_id: Mapped[int] = mapped_column(ForeignKey("client_link.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("pdf_version.id"))
    kind: Mapped[str] = mapped_column(String(16))  # AnswerKind
    # Set only on acceptances, unique: the database itself refuses a second acceptance.
    accepted_link_id: Mapped[int | None] = mapped_column(unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    option_index: Mapped[int | None] = mapped_column(default=None)
    option_name: Mapped[str] = mapped_column(String(200), default="")
    add_ons: Mapped[list] = mapped_column(JSON, default=list)  # names of the chosen add-ons
    total_net: Mapped[str] = mapped_column(String(40), default="")  # decimal as text
    total_gross: Mapped[str] = mapped_column(String(40), default="")
    currency: Mapped[str] = mapped_column(String(3), default="")
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str] = mapped_column(Text, default="")  # the question, or why not now
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    receipt_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)
    seen_at: Mapped[datetime | None] = mapped_column(default=None)  # by the consultant

    link: Mapped[ClientLink] = relationship()


class ApiToken(Base):
    """A personal token for the HTTP API: it acts as its user. Only its SHA-256 is kept,
    so the token itself is shown once, when it is made (proposals/api/tokens.py)."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)

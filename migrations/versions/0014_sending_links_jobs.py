"""render jobs; sendings of frozen PDF versions, the client's private links and answers

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _proposal() -> sa.Column:
    return sa.Column(
        "proposal_id",
        sa.Integer(),
        sa.ForeignKey("proposal.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _version(name: str = "version_id", nullable: bool = False, **fk) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("pdf_version.id", **fk), nullable=nullable)


def _text(name: str, length: int | None = None) -> sa.Column:
    kind = sa.String(length) if length else sa.Text()
    return sa.Column(name, kind, nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("pdf_version") as batch:
        batch.add_column(sa.Column("frozen_at", sa.DateTime(), nullable=True))
    op.create_table(
        "render_job",
        _id(),
        _proposal(),
        sa.Column("edit_version", sa.Integer(), nullable=False),
        _text("status", 16),
        _version(nullable=True, ondelete="SET NULL"),
        _text("error"),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "sending",
        _id(),
        _proposal(),
        _version(),
        sa.Column(
            "sent_by_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", ondelete="SET NULL"),
            nullable=True,
        ),
        _text("method", 16),
        _text("to_address", 254),
        _text("subject", 300),
        _text("body"),
        _text("sha256", 64),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("send_key", sa.String(64), nullable=True, unique=True),
    )
    op.create_table(
        "client_link",
        _id(),
        _proposal(),
        sa.Column(
            "sending_id",
            sa.Integer(),
            sa.ForeignKey("sending.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _version(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "client_answer",
        _id(),
        _proposal(),
        sa.Column(
            "link_id",
            sa.Integer(),
            sa.ForeignKey("client_link.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _version(),
        _text("kind", 16),
        sa.Column("accepted_link_id", sa.Integer(), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("option_index", sa.Integer(), nullable=True),
        _text("option_name", 200),
        sa.Column("add_ons", sa.JSON(), nullable=False),
        _text("total_net", 40),
        _text("total_gross", 40),
        _text("currency", 3),
        _text("full_name", 200),
        _text("role", 200),
        _text("reference", 200),
        _text("message"),
        _text("pdf_sha256", 64),
        sa.Column("receipt_pdf", sa.LargeBinary(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("client_answer")
    op.drop_table("client_link")
    op.drop_table("sending")
    op.drop_table("render_job")
    with op.batch_alter_table("pdf_version") as batch:
        batch.drop_column("frozen_at")

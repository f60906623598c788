"""follow-up kit columns on proposal, and the firm's referral directory

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("sent_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("follow_up_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("follow_up_about", sa.Text(), nullable=True))
        batch.add_column(sa.Column("follow_up_done_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("follow_up_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("cover_email", sa.Text(), nullable=True))
        batch.create_index("ix_proposal_follow_up_on", ["follow_up_on"])
    op.create_table(
        "provider",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False, server_default=""),
        sa.Column("good_for", sa.Text(), nullable=False, server_default=""),
        sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("contact", sa.String(200), nullable=False, server_default=""),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("match_key", sa.String(410), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("provider")
    with op.batch_alter_table("proposal") as batch:
        batch.drop_index("ix_proposal_follow_up_on")
        for column in (
            "cover_email",
            "follow_up_note",
            "follow_up_done_on",
            "follow_up_about",
            "follow_up_on",
            "sent_on",
        ):
            batch.drop_column(column)

"""sessions: one row per live sign-in, and administrators' one-time reset links

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", name="fk_sign_in_user", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_sign_in_user_id", "sign_in", ["user_id"])
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("reset_token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("reset_expires_at", sa.DateTime(), nullable=True))
        batch.create_index("ix_user_account_reset_token_hash", ["reset_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_index("ix_user_account_reset_token_hash")
        batch.drop_column("reset_expires_at")
        batch.drop_column("reset_token_hash")
    op.drop_index("ix_sign_in_user_id", "sign_in")
    op.drop_table("sign_in")

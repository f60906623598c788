"""accounts: users, and the author who owns each proposal

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_proposal_owner", "user_account", ["owner_id"], ["id"])
        batch.create_index("ix_proposal_owner_id", ["owner_id"])


def downgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.drop_index("ix_proposal_owner_id")
        batch.drop_constraint("fk_proposal_owner", type_="foreignkey")
        batch.drop_column("owner_id")
    op.drop_table("user_account")

"""audit log of shared material; providers' author and edit version

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", name="fk_audit_entry_user"),
            nullable=True,
        ),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])
    op.create_index("ix_audit_entry_kind_at", "audit_entry", ["kind", "at"])
    with op.batch_alter_table("provider") as batch:
        batch.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("edit_version", sa.Integer(), nullable=False, server_default="1")
        )
        batch.create_foreign_key(
            "fk_provider_created_by", "user_account", ["created_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("provider") as batch:
        batch.drop_constraint("fk_provider_created_by", type_="foreignkey")
        batch.drop_column("edit_version")
        batch.drop_column("created_by_id")
    op.drop_index("ix_audit_entry_kind_at", "audit_entry")
    op.drop_index("ix_audit_entry_at", "audit_entry")
    op.drop_table("audit_entry")

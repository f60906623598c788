"""the firm's default locale for its proposals

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("firm_profile") as batch:
        batch.add_column(sa.Column("locale", sa.String(35), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("firm_profile") as batch:
        batch.drop_column("locale")

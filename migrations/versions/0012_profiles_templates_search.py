"""consultants' profile details, firm templates, and the dashboard's search text

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from proposals.folding import search_text

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("job_title", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("phone", sa.String(200), nullable=False, server_default=""))
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "firm_template",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column(
            "created_by_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id", name="fk_firm_template_created_by"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    _fill_search_text()


def _fill_search_text() -> None:
    """Proposals written before the search: their folded words, from their documents."""
    connection = op.get_bind()
    proposal = sa.table(
        "proposal",
        sa.column("id", sa.Integer),
        sa.column("document", sa.JSON),
        sa.column("search_text", sa.Text),
    )
    for row in connection.execute(sa.select(proposal.c.id, proposal.c.document)).all():
        connection.execute(
            proposal.update()
            .where(proposal.c.id == row.id)
            .values(search_text=search_text(row.document or {}))
        )


def downgrade() -> None:
    op.drop_table("firm_template")
    with op.batch_alter_table("proposal") as batch:
        batch.drop_column("search_text")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("phone")
        batch.drop_column("job_title")

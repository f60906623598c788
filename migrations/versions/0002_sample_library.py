"""sample library: current revision and searchable fields on sample

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sample") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("current_revision_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("title", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("tags_text", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key(
            "fk_sample_current_revision", "sample_revision", ["current_revision_id"], ["id"]
        )
        batch.create_index("ix_sample_archived", ["archived"])
    _fill_from_latest_revisions()


def _fill_from_latest_revisions() -> None:
    """Copy each sample's newest revision into the new columns."""
    connection = op.get_bind()
    latest = connection.execute(
        sa.text(
            "SELECT r.sample_id, r.id, r.title, r.summary, r.tags, r.source, r.created_at "
            "FROM sample_revision r WHERE r.number = "
            "(SELECT MAX(number) FROM sample_revision WHERE sample_id = r.sample_id)"
        )
    ).all()
    for sample_id, revision_id, title, summary, tags, source, created_at in latest:
        tags = json.loads(tags) if isinstance(tags, str) else (tags or [])
        connection.execute(
            sa.text(
                "UPDATE sample SET current_revision_id = :rid, title = :title, summary = :summary,"
                " tags = :tags, tags_text = :tags_text, search_text = :search, updated_at = :at"
                " WHERE id = :id"
            ),
            {
                "rid": revision_id,
                "title": title,
                "summary": summary,
                "tags": json.dumps(tags),
                "tags_text": "," + ",".join(t.lower() for t in tags) + ",",
                "search": " ".join([title, summary, " ".join(tags), source]).lower(),
                "at": created_at,
                "id": sample_id,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("sample") as batch:
        batch.drop_index("ix_sample_archived")
        batch.drop_constraint("fk_sample_current_revision", type_="foreignkey")
        for column in (
            "search_text",
            "tags_text",
            "tags",
            "summary",
            "title",
            "current_revision_id",
            "updated_at",
        ):
            batch.drop_column(column)

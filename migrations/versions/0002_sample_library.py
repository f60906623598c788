"""sample library: current revision on sample, searchable text, full-text index on SQLite

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

# SQLite gets an FTS5 index over sample_text, kept in step by triggers; other databases
# search sample_text with LIKE (see proposals/library/store.py).
FTS = [
    "CREATE VIRTUAL TABLE sample_fts USING fts5(title, summary, tags, body, "
    "content='sample_text', content_rowid='sample_id', tokenize='porter unicode61')",
    "CREATE TRIGGER sample_text_ai AFTER INSERT ON sample_text BEGIN "
    "INSERT INTO sample_fts(rowid, title, summary, tags, body) "
    "VALUES (new.sample_id, new.title, new.summary, new.tags, new.body); END",
    "CREATE TRIGGER sample_text_ad AFTER DELETE ON sample_text BEGIN "
    "INSERT INTO sample_fts(sample_fts, rowid, title, summary, tags, body) "
    "VALUES ('delete', old.sample_id, old.title, old.summary, old.tags, old.body); END",
    "CREATE TRIGGER sample_text_au AFTER UPDATE ON sample_text BEGIN "
    "INSERT INTO sample_fts(sample_fts, rowid, title, summary, tags, body) "
    "VALUES ('delete', old.sample_id, old.title, old.summary, old.tags, old.body); "
    "INSERT INTO sample_fts(rowid, title, summary, tags, body) "
    "VALUES (new.sample_id, new.title, new.summary, new.tags, new.body); END",
]


def upgrade() -> None:
    with op.batch_alter_table("sample") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("current_revision_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("title", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("sort_title", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("summary", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("tags", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("tags_text", sa.Text(), nullable=False, server_default=""))
        batch.create_foreign_key(
            "fk_sample_current_revision", "sample_revision", ["current_revision_id"], ["id"]
        )
    op.create_index("ix_sample_listing", "sample", ["archived", "sort_title"])
    op.create_table(
        "sample_text",
        sa.Column("sample_id", sa.Integer(), sa.ForeignKey("sample.id"), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS:
            op.execute(statement)
    _fill_from_latest_revisions()


def _fill_from_latest_revisions() -> None:
    """Copy each sample's newest revision into the new columns and the search table."""
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
                "UPDATE sample SET current_revision_id = :rid, title = :title, sort_title = :sort,"
                " summary = :summary, tags = :tags, tags_text = :tags_text, updated_at = :at"
                " WHERE id = :id"
            ),
            {
                "rid": revision_id,
                "title": title,
                "sort": title.lower(),
                "summary": summary,
                "tags": json.dumps(tags),
                "tags_text": "," + ",".join(t.lower() for t in tags) + ",",
                "at": created_at,
                "id": sample_id,
            },
        )
        connection.execute(
            sa.text(
                "INSERT INTO sample_text (sample_id, title, summary, tags, body) "
                "VALUES (:id, :title, :summary, :tags, :body)"
            ),
            {
                "id": sample_id,
                "title": title,
                "summary": summary,
                "tags": " ".join(tags),
                "body": source,
            },
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("sample_text_ai", "sample_text_ad", "sample_text_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS sample_fts")
    op.drop_table("sample_text")
    op.drop_index("ix_sample_listing", "sample")
    with op.batch_alter_table("sample") as batch:
        batch.drop_constraint("fk_sample_current_revision", type_="foreignkey")
        for column in (
            "tags_text",
            "tags",
            "summary",
            "sort_title",
            "title",
            "current_revision_id",
            "updated_at",
        ):
            batch.drop_column(column)

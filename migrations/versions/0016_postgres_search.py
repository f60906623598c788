"""PostgreSQL's own full-text search over sample_text (nothing changes on SQLite)

Revision ID: 0016
Revises: 0015

A generated tsvector column, kept in step by PostgreSQL on every insert and update, with a
GIN index. Its configuration folds accents (unaccent) and stems English words as SQLite's
porter tokenizer does, without English stop words (FTS5 has none either, so "the" and
"which" find the same samples on both). Weights follow the bm25 weights of the SQLite
path: title A (10), tags B (8), summary C (4), body D (1).
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

CONFIGURATION = "proposals_search"
UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH DICTIONARY proposals_stem (TEMPLATE = snowball, LANGUAGE = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIGURATION} (COPY = english)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIGURATION} ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
    "WITH unaccent, proposals_stem",
    "ALTER TABLE sample_text ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('{CONFIGURATION}', title), 'A') || "
    f"setweight(to_tsvector('{CONFIGURATION}', tags), 'B') || "
    f"setweight(to_tsvector('{CONFIGURATION}', summary), 'C') || "
    f"setweight(to_tsvector('{CONFIGURATION}', body), 'D')) STORED",
    # Kept compressed in the row, not out of line in TOAST: the planner counts a table's own
    # pages only, so out of line it takes a scan of every row (detoasting each vector, ~60 ms
    # at 5,000 samples) for cheaper than the GIN index (under 2 ms). Rewrite the rows so.
    "ALTER TABLE sample_text ALTER COLUMN search_vector SET STORAGE MAIN",
    "UPDATE sample_text SET title = title",
    "CREATE INDEX ix_sample_text_search ON sample_text USING gin (search_vector)",
]
DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_sample_text_search",
    "ALTER TABLE sample_text DROP COLUMN IF EXISTS search_vector",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIGURATION}",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS proposals_stem",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    """The extension stays: other software of the same database may use it."""
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)

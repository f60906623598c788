"""search words without accents, with the inputs' names, the example's words and stems

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from proposals.library.search import search_words
from proposals.library.spec import SampleFileError, parse_sample

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Write each sample's search words again, as the library now keeps them."""
    connection = op.get_bind()
    current = connection.execute(
        sa.text(
            "SELECT s.id, r.source FROM sample s "
            "JOIN sample_revision r ON r.id = s.current_revision_id"
        )
    ).all()
    for sample_id, source in current:
        try:
            words = search_words(parse_sample(source))
        except SampleFileError:
            continue  # a revision that no longer parses keeps the words it had
        connection.execute(
            sa.text(
                "UPDATE sample_text SET title = :title, summary = :summary, tags = :tags, "
                "body = :body WHERE sample_id = :id"
            ),
            {**words, "id": sample_id},
        )


def downgrade() -> None:
    """Nothing to undo: the words stay searchable as they are."""

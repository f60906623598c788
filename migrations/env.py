"""Alembic environment: runs on the connection the app hands over, or on DATABASE_URL."""

import os

from alembic import context
from sqlalchemy import create_engine

from proposals.firm.models import FirmProfile  # noqa: F401  (registers its table)
from proposals.firm_templates.models import FirmTemplate  # noqa: F401  (registers its table)
from proposals.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = os.environ.get("PROPOSALS_DATABASE_URL", "sqlite:///instance/proposals.db")
    with create_engine(url).connect() as connection:
        _run(connection)
        connection.commit()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()

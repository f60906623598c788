"""proposals: turn a consultant's discovery meeting into a proposal the client wants to read.

`create_app` (and the CSRF extension) live in `proposals.app` and are imported on first use,
so a command that needs no web app (`proposals check`) doesn't pay for Flask, SQLAlchemy and
the blueprints just by importing a module of this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app, csrf

__all__ = ["create_app", "csrf"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

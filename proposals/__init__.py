"""proposals: turn a consultant's discovery meeting into a proposal the client wants to read.

The app factory lives in `app.py`; `from proposals import create_app` still works, but a
command that only reads a file (`proposals check`) no longer imports Flask, SQLAlchemy and
WeasyPrint just by importing the package.
"""


def __getattr__(name: str):
    if name in ("create_app", "csrf"):
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'proposals' has no attribute {name!r}")

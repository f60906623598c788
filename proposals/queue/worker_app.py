"""The Flask app a queue worker renders in: the web app's settings, its database and
cache, but every PDF and sample body laid out in the task's own process, whose limits
Celery enforces (proposals/queue/settings.py)."""

from __future__ import annotations

from flask import Flask

from .. import create_app


def create() -> Flask:
    return create_app(
        {
            "RENDER_WORKERS": 0,  # the Celery child is the render process
            "SAMPLE_WORKERS": 0,
            "PRERENDER": False,
            "SEED_DEMO": False,  # the web app seeds its demo proposals, not the workers
        }
    )

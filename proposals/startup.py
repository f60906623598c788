"""Starting a server: the app, or a clear message and exit status 1 (never a traceback)
when a setting is missing or the render queue's broker can't be reached."""

from __future__ import annotations

import sys

import click
from flask import Flask

from . import create_app, queue
from .config import ConfigError


def create_checked_app(command: str, factory=create_app) -> Flask:
    """The app for a server command; exits 1 with the reason if it can't start."""
    try:
        app = factory()
        if queue.enabled(app.config):
            from .queue.broker import BrokerUnavailable, check

            try:
                check(app.config)
            except BrokerUnavailable as exc:
                raise ConfigError(str(exc)) from None
    except ConfigError as exc:
        click.echo(f"{command}: {exc}", err=True)
        sys.exit(1)
    return app

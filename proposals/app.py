"""The app factory: settings, extensions, blueprints, and the database made ready."""

from __future__ import annotations

import logging

from flask import Flask
from flask_wtf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from . import auth, db, errors, queue, security, templating, throttle
from . import config as settings
from .library import sandbox
from .paths import STATIC, TEMPLATES
from .render.shared_pool import get_sample_pool
from .web import RowIdConverter

csrf = CSRFProtect()


def create_app(config: dict | None = None) -> Flask:
    """Create the app: settings, database (migrated and seeded), blueprints."""
    instance = settings.instance_path()
    if config and "INSTANCE_PATH" in config:
        instance = config["INSTANCE_PATH"]
    app = Flask(
        "proposals",  # the package's name: its logger and root folder, as before app.py
        instance_path=str(instance),
        template_folder=str(TEMPLATES),
        static_folder=str(STATIC),
    )
    app.config.from_mapping(settings.from_environment(instance))
    if config:
        app.config.from_mapping(config)
    _configure_logging(app.config["LOG_LEVEL"])

    if app.config["BEHIND_PROXY"]:
        # Trust one proxy's X-Forwarded-For/-Proto, so HTTPS and client addresses are right.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    csrf.init_app(app)
    db.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    auth.init_app(app)
    throttle.init_app(app)
    _register_blueprints(app)
    _use_sample_workers(app)
    _prepare_database(app)
    return app


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Their INFO lines (layout progress, each migration step) drown out the app's own.
    for noisy in ("weasyprint", "fontTools", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _use_sample_workers(app: Flask) -> None:
    """Work sample bodies out in limited worker processes, unless SAMPLE_WORKERS is 0."""
    if int(app.config.get("SAMPLE_WORKERS") or 0) > 0:
        app.extensions[sandbox.RUNNER] = lambda job: get_sample_pool(app.config).work_out(job)


def _register_blueprints(app: Flask) -> None:
    from . import (
        api,
        audit,
        client_page,
        firm,
        firm_templates,
        followup,
        library,
        referrals,
        wizard,
    )
    from .dashboard import bp as dashboard_bp
    from .sending.views import bp as sending_bp

    app.register_blueprint(dashboard_bp)
    wizard.init_app(app)
    app.register_blueprint(followup.bp)
    app.register_blueprint(referrals.bp)
    library.register(app)
    firm.register(app)
    firm_templates.register(app)
    app.register_blueprint(audit.bp)
    app.register_blueprint(sending_bp)
    api.register(app)
    client_page.register(app)


def _queue_pdf(app: Flask):
    """With a broker, the demo proposals' PDFs are render jobs for the workers, like any."""
    from . import render_jobs

    def submit(session, proposal) -> None:
        with app.app_context():
            render_jobs.submit(session, proposal)

    return submit


def _prepare_database(app: Flask) -> None:
    """Migrate to the newest schema, load the starter samples, and the demo proposals once."""
    from . import seed

    # One process at a time: the others find the schema current and the samples loaded.
    with db.start_lock(app.extensions["db_engine"]) as connection:
        with connection.begin():
            db.upgrade(connection)
        with db.standalone_session(app) as session:
            seed.starter_samples(session)
            if app.config["SEED_DEMO"]:
                seed.demo_proposals(session, _queue_pdf(app) if queue.enabled(app.config) else None)

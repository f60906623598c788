"""A wrong, an expired and a revoked client link: each 404 takes the same time.

    .venv/bin/python bench/client_links.py [--repeat 300] [--json out.json]

Server time per request through the WSGI app (Flask test client). Baseline: the wrong
token. Target: every kind within 1.2x of it, so timing tells no link apart from another.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals import create_app, db  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from proposals.document import normalize  # noqa: E402
from proposals.models import ClientLink, utcnow  # noqa: E402
from proposals.sending import records  # noqa: E402
from tests.client_setup import send_with_link  # noqa: E402
from tests.conftest import DANA, NORTHWIND, load_example  # noqa: E402


def make_app(folder: Path):
    app = create_app(
        {
            "INSTANCE_PATH": folder,
            "DATABASE_URL": f"sqlite:///{folder}/b.db",
            "SECRET_KEY": "b",
            "SEED_DEMO": False,
            "RENDER_WORKERS": 0,
            "SAMPLE_WORKERS": 0,
            "LOG_LEVEL": "WARNING",
            "LIMIT_CLIENT_PAGE": "1000000/minute",
        }
    )
    with app.app_context():
        create_user(db.session(), DANA, "Dana Whitfield", "correct horse battery")
    return app


def ended_tokens(app, link_id: int) -> dict[str, str]:
    with app.app_context():
        session = db.session()
        sending = session.get(ClientLink, link_id).sending
        _, expired = records.create_link(session, sending, date.today() - timedelta(days=1))
        revoked, revoked_token = records.create_link(session, sending)
        revoked.revoked_at = utcnow()
        session.commit()
    return {"wrong": records.new_token(), "expired": expired, "revoked": revoked_token}


def timings(client, tokens: dict[str, str], repeat: int) -> dict[str, list[float]]:
    """Each kind in turn, round after round, so a busy moment falls on all of them alike."""
    found = {kind: [] for kind in tokens}
    for _ in range(repeat):
        for kind, token in tokens.items():
            start = time.perf_counter()
            response = client.get(f"/p/{token}")
            found[kind].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 404
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        sent = send_with_link(app, normalize(load_example(NORTHWIND)))
        tokens = ended_tokens(app, sent.link_id)
        client = app.test_client()
        timings(client, tokens, 10)  # warm up templates and the database connection
        rows = timings(client, tokens, args.repeat)
        app.extensions["db_engine"].dispose()
    baseline = statistics.median(rows["wrong"])
    print("| link | median ms | p95 ms | ratio |\n|---|---:|---:|---:|")
    figures = {}
    for kind, times in rows.items():
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        figures[kind] = {"median_ms": median, "p95_ms": p95, "ratio": median / baseline}
        print(f"| {kind} | {median:.2f} | {p95:.2f} | {median / baseline:.2f} |")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

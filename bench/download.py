"""(b) Click-to-download for an unchanged proposal: pre-render and cache on, against off.

    .venv/bin/python bench/download.py [--repeat 5] [--json out.json]

Both paths go through the web app (Flask test client, one worker process). "Cache off":
Generate PDF renders the proposal there and then. "Cache on": the review step has been
opened (which starts the render in the background) and the consultant read it for as long
as the render took; Generate PDF then finds the PDF ready. Target: at most 0.1x.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals import create_app, db  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from proposals.render.shared_pool import shutdown_pool  # noqa: E402
from tests.conftest import NORTHWIND, load_example  # noqa: E402
from tests.wizard_driver import Wizard  # noqa: E402


def make_client(folder: Path, prerender: bool):
    app = create_app(
        {
            "INSTANCE_PATH": folder,
            "DATABASE_URL": f"sqlite:///{folder}/b.db",
            "SECRET_KEY": "b",
            "SEED_DEMO": False,
            "WTF_CSRF_ENABLED": False,
            "PRERENDER": prerender,
            "PDF_CACHE": prerender,
            "RENDER_WORKERS": 1,
            "LOG_LEVEL": "WARNING",
        }
    )
    with app.app_context():
        create_user(db.session(), "b@x.example", "Bench", "correct horse battery")
    client = app.test_client()
    client.post("/login", data={"email": "b@x.example", "password": "correct horse battery"})
    return app, client


def timed_generate(client, proposal_id: int) -> float:
    start = time.perf_counter()
    response = client.post(f"/proposals/{proposal_id}/generate")
    elapsed = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    document = load_example(NORTHWIND)
    off, on = [], []
    with tempfile.TemporaryDirectory() as folder:
        app, client = make_client(Path(folder), prerender=False)
        for _ in range(args.repeat):
            wizard = Wizard(client)
            wizard.complete(document)
            client.get(f"/proposals/{wizard.id}/step/review")  # as in (b), minus the prerender
            off.append(timed_generate(client, wizard.id))
        app.extensions["db_engine"].dispose()
    with tempfile.TemporaryDirectory() as folder:
        app, client = make_client(Path(folder), prerender=True)
        from proposals import pdfs

        for _ in range(args.repeat):
            wizard = Wizard(client)
            wizard.complete({**document, "title": f"{document['title']} ({len(on)})"})
            client.get(f"/proposals/{wizard.id}/step/review")  # the render starts here
            for future in list(pdfs.cache_for(app.instance_path)._running.values()):
                future.result(timeout=120)  # the consultant reads the review meanwhile
            on.append(timed_generate(client, wizard.id))
        app.extensions["db_engine"].dispose()
    shutdown_pool()
    off_ms, on_ms = statistics.median(off) * 1000, statistics.median(on) * 1000
    print(f"{'path':<44}{'median ms':>10}")
    print(f"{'(a) Generate PDF, cache off (renders)':<44}{off_ms:>10.0f}")
    print(f"{'(b) Generate PDF, pre-rendered, cache on':<44}{on_ms:>10.0f}")
    print(f"(b)/(a) = {on_ms / off_ms:.3f}  (target <= 0.1)")
    if args.json:
        args.json.write_text(
            json.dumps({"off_ms": off_ms, "on_ms": on_ms, "ratio": on_ms / off_ms}, indent=2)
        )


if __name__ == "__main__":
    main()

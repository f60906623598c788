"""gunicorn settings for running proposals for a firm, behind a reverse proxy:

    PROPOSALS_SECRET_KEY=... gunicorn -c deploy/gunicorn.conf.py 'proposals:create_app()'

Several processes (PROPOSALS_WEB_PROCESSES, default: one per core plus one, at most 8),
each with a few threads: a consultant's page never waits behind another's trust check.
The master migrates the database and checks the settings (the secret key, the broker)
once before any worker starts; a setting missing stops it with exit status 1.
"""

import multiprocessing
import os

bind = os.environ.get("PROPOSALS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("PROPOSALS_WEB_PROCESSES") or min(8, multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("PROPOSALS_WEB_THREADS") or 4)
# Without a render queue, Generate PDF lays the PDF out in the request: up to 60 s.
timeout = 120
graceful_timeout = 30
keepalive = 5
# A fresh process now and then keeps any slow growth of memory in check. Not too often: a
# page waiting for a queued PDF asks once a second, and a process that is recycled closes
# its kept-alive connections (bench/load.py saw one broken pipe at 2,000).
max_requests = 20000
max_requests_jitter = 2000
accesslog = "-"
# The proxy on this machine may say which client and scheme a request came from.
forwarded_allow_ips = os.environ.get("PROPOSALS_PROXY_IPS", "127.0.0.1")

# The app reads this to know that several processes share its sessions (a secret key must
# then be given, not generated into one machine's instance folder).
os.environ["PROPOSALS_WEB_PROCESSES"] = str(workers)


def on_starting(server):
    """In the master, before forking: settings checked and the database migrated once."""
    from proposals import startup

    app = startup.create_checked_app("gunicorn")
    app.extensions["db_engine"].dispose()  # the workers open connections of their own

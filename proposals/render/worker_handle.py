"""One render worker process as the pool sees it: start it, send it a job, stop or kill it.

Workers are started through a fork server (never by forking the threaded web server);
the fork server has already imported the worker's module (WeasyPrint and all), so a
replacement worker is ready in well under a second. A worker exits when its job pipe
closes, and a second "lifeline" pipe ends it even in the middle of a job if the process
that owns it dies.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .pdf import PdfJob
from .worker import serve

STOP_TIMEOUT = 5.0  # seconds a worker may take to exit when asked, before SIGKILL


class WorkerDied(Exception):
    """The worker stopped, or never became ready; the message says how."""


class TimedOut(Exception):
    """The worker did not answer in time; it is still running until killed."""


_context_lock = threading.Lock()


def fork_server():
    """The multiprocessing context: a fork server that has already imported the worker."""
    with _context_lock:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([serve.__module__])
        return context


class WorkerHandle:
    """A worker process, its job pipe and lifeline, and what it has done so far."""

    def __init__(self, process: BaseProcess, conn: Connection, lifeline: Connection):
        self.process = process
        self.conn = conn
        self.lifeline = lifeline
        self.ready = False  # it has said "ready": warm, and first in line for jobs
        self.jobs = 0  # PDFs it has made
        self.first_rss: int | None = None  # resident memory after its first PDF (bytes)
        self.rss = 0  # ... and after its latest
        self._stop_lock = threading.Lock()
        self._stopped = False

    @classmethod
    def start(cls, memory_limit_mb: int) -> WorkerHandle:
        """Start a worker with this address-space limit; it warms up in the background."""
        context = fork_server()
        conn, child_conn = context.Pipe(duplex=True)
        lifeline_r, lifeline_w = context.Pipe(duplex=False)
        process = context.Process(
            target=serve,
            args=(child_conn, lifeline_r, memory_limit_mb),
            name="pdf-worker",
            daemon=True,
        )
        try:
            process.start()
        except BaseException:
            for end in (conn, lifeline_w):
                end.close()
            raise
        finally:
            child_conn.close()
            lifeline_r.close()
        return cls(process, conn, lifeline_w)

    @property
    def pid(self) -> int | None:
        """The worker's process id."""
        return self.process.pid

    def wait_ready(self, timeout: float) -> None:
        """Wait until the worker has warmed up; WorkerDied if it does not in time."""
        if self.ready:
            return
        try:
            if not self.conn.poll(timeout):
                raise WorkerDied(f"it did not start within {timeout:g} seconds")
            message = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied("it stopped while starting") from None
        if message[0] != "ready":
            raise WorkerDied(f"it sent {message[0]!r} instead of 'ready'")
        self.ready = True

    def run(self, job: PdfJob, time_limit: float) -> dict:
        """Send one job and wait for the reply; TimedOut leaves the worker running."""
        try:
            self.conn.send(job)
            if not self.conn.poll(time_limit):
                raise TimedOut
            return self.conn.recv()
        except (EOFError, OSError):
            raise WorkerDied("it stopped") from None

    def record(self, reply: dict) -> None:
        """Count a job the worker finished and note its resident memory afterwards."""
        self.jobs += 1
        self.rss = reply["rss"]
        if self.first_rss is None:
            self.first_rss = self.rss

    def kill(self) -> None:
        """SIGKILL the worker, unless it has been stopped already."""
        with self._stop_lock:
            if not self._stopped:
                self.process.kill()

    def exitcode(self, wait: float = 1.0) -> int | None:
        """How the worker ended (negative: the signal), waiting a little for it to end."""
        with self._stop_lock:
            if self._stopped:
                return None
            self.process.join(wait)
            return self.process.exitcode

    def stop(self, kill: bool = False) -> None:
        """Ask the worker to exit (or kill it), wait, and release everything; idempotent."""
        # Safe to call twice and from two threads (the pool closing while a job ends).
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
            self.conn.close()
            self.lifeline.close()
            if kill:
                self.process.kill()
            self.process.join(STOP_TIMEOUT)
            if self.process.exitcode is None:
                self.process.kill()
                self.process.join()
            self.process.close()

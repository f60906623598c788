"""Lay out PDFs in long-lived worker processes, each with a time limit and a memory limit.

WeasyPrint runs in a small pool of worker processes, never in the web server itself, so a
pathological document (a table that takes minutes to lay out, text that needs gigabytes)
ends with a clear RenderError for that consultant while everyone else keeps working:

* the pool waits at most `time_limit` seconds for a job, then kills that worker (SIGKILL)
  and starts a replacement;
* each worker limits its own address space (RLIMIT_AS) to `memory_limit_mb`; a worker that
  runs out reports it, or dies, and is replaced;
* imports (WeasyPrint, fonts) are paid once per worker, not once per PDF, and a job goes to
  the most recently used warm worker first; a worker is recycled as render/recycling.py
  says, in case WeasyPrint itself grows.

What runs inside a worker is render/worker.py; starting, talking to and stopping one is
render/worker_handle.py; the one pool a process shares is render/shared_pool.py.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Mapping

from markupsafe import Markup

from ..library.sandbox import BodyJob, SampleRenderError
from .html import RenderError
from .pdf import PdfJob
from .recycling import GROWTH, MAX_JOBS, RSS_MB, Recycling
from .worker_handle import TimedOut, WorkerDied, WorkerHandle

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 2
DEFAULT_TIME_LIMIT = 60.0  # seconds for one PDF, from the moment a worker has the job
DEFAULT_MEMORY_MB = 1024  # address space per worker (RLIMIT_AS), not resident memory
START_TIMEOUT = 120.0  # seconds a new worker may take to import and warm up


class RenderPool:
    """Worker processes that turn print HTML into PDF bytes; safe to call from any thread.

    `render` waits for a free worker, then at most `time_limit` seconds for the PDF.
    Workers start at once (in the background); the first job waits for one to be ready.
    """

    def __init__(
        self,
        size: int = DEFAULT_WORKERS,
        time_limit: float = DEFAULT_TIME_LIMIT,
        memory_limit_mb: int = DEFAULT_MEMORY_MB,
        max_jobs: int = MAX_JOBS,
        *,
        recycle_rss_mb: float = RSS_MB,
        recycle_growth: float = GROWTH,
        start_timeout: float = START_TIMEOUT,
    ):
        if size < 1:
            raise ValueError("a render pool needs at least one worker")
        if time_limit <= 0 or memory_limit_mb <= 0 or max_jobs < 1:
            raise ValueError("time_limit, memory_limit_mb and max_jobs must be positive")
        self.size = size
        self.time_limit = float(time_limit)
        self.memory_limit_mb = int(memory_limit_mb)
        self.recycling = Recycling(int(max_jobs), recycle_rss_mb, recycle_growth)
        self.start_timeout = start_timeout
        self.recycled = 0  # workers replaced after max_jobs or memory growth
        self.replaced = 0  # workers replaced because they timed out, ran out of memory or died
        self._cond = threading.Condition()
        # One slot per worker; None is a slot whose worker has to be (re)started.
        self._idle: list[WorkerHandle | None] = [None] * size
        self._busy: set[WorkerHandle] = set()
        self._closed = False
        self._local = threading.local()
        try:
            self._idle = [WorkerHandle.start(self.memory_limit_mb) for _ in range(size)]
        except BaseException:
            self.close()
            raise

    # -- public

    @property
    def closed(self) -> bool:
        """Whether close() has been called."""
        return self._closed

    def pids(self) -> list[int]:
        """Process ids of the current workers (idle and busy)."""
        with self._cond:
            workers = [w for w in self._idle if w is not None] + list(self._busy)
            return sorted(w.pid for w in workers if w.pid is not None)

    def stats(self) -> list[dict]:
        """For each current worker: pid, PDFs made, RSS after its first and latest, busy."""
        with self._cond:
            workers = [(w, False) for w in self._idle if w is not None]
            workers += [(w, True) for w in self._busy]
            return [
                {
                    "pid": w.pid,
                    "jobs": w.jobs,
                    "first_rss": w.first_rss,
                    "rss": w.rss or None,
                    "busy": busy,
                }
                for w, busy in workers
            ]

    def last_job(self) -> dict | None:
        """This thread's latest PDF: the worker's pid, its PDFs so far, its RSS afterwards."""
        # The worker may have been recycled since.
        return getattr(self._local, "last", None)

    def render(self, html: str, assets: Mapping[str, bytes] | None = None) -> bytes:
        """Lay out print HTML with in-memory assets served at ASSET_ORIGIN/<name>."""
        return self.render_job(PdfJob(html=html, assets=check_assets(assets)))

    def render_job(self, job: PdfJob) -> bytes:
        """Lay out a prepared job (HTML, assets, variant, attachment) in a worker."""
        reply = self._exchange(job)
        if reply["error"] is not None:
            raise RenderError(reply["error"])
        return reply["pdf"]

    def work_out(self, job: BodyJob) -> Markup:
        """Work a sample body out in a worker; SampleRenderError for the body's failure, for
        passing the time limit (the worker is killed) or the memory limit."""
        try:
            reply = self._exchange(job)
        except RenderError as exc:
            raise SampleRenderError(str(exc)) from None
        if reply["error"] is not None:
            raise SampleRenderError(reply["error"], reply["line"])
        return Markup(reply["html"])

    def close(self) -> None:
        """Stop every worker; jobs still running end with a RenderError."""
        with self._cond:
            self._closed = True
            idle = [w for w in self._idle if w is not None]
            busy = list(self._busy)
            self._idle.clear()
            self._cond.notify_all()
        for worker in idle:
            worker.stop()
        for worker in busy:
            worker.kill()  # the thread waiting on it gets EOF and stops it

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- one job

    def _exchange(self, job: PdfJob | BodyJob) -> dict:
        """A free worker's reply to `job`; RenderError when it times out, dies or runs out
        of memory (that worker is replaced), or when no worker can start."""
        worker = self._acquire()
        keep = False
        try:
            self._wait_ready(worker)
            reply = self._run(worker, job)
            worker.record(reply)
            self._local.last = {"pid": worker.pid, "jobs": worker.jobs, "rss": worker.rss}
            if reply["memory"]:
                self._count("replaced")
                log.warning("worker %s ran out of memory", worker.pid)
                raise RenderError(self._memory_message(job))
            keep = not self._worn_out(worker)
            return reply
        finally:
            self._release(worker, keep)

    def _wait_ready(self, worker: WorkerHandle) -> None:
        """Wait for a new worker to warm up; RenderError if it cannot start."""
        try:
            worker.wait_ready(self.start_timeout)
        except WorkerDied as exc:
            log.error("PDF worker %s could not start: %s", worker.pid, exc)
            raise RenderError(
                f"the PDF renderer could not start ({exc}); please try again"
            ) from None

    def _run(self, worker: WorkerHandle, job: PdfJob | BodyJob) -> dict:
        """The worker's reply, its log records logged here; a timeout kills the worker."""
        try:
            reply = worker.run(job, self.time_limit)
        except TimedOut:
            worker.kill()
            self._count("replaced")
            log.warning("worker %s killed after %g s", worker.pid, self.time_limit)
            raise RenderError(self._too_slow_message(job)) from None
        except WorkerDied:
            raise self._died(worker, job) from None
        replay(reply["records"])
        return reply

    def _worn_out(self, worker: WorkerHandle) -> bool:
        """Whether the recycling policy retires this worker now (logged and counted)."""
        reason = self.recycling.reason(worker.jobs, worker.first_rss, worker.rss)
        if reason is None:
            return False
        log.info("recycling PDF worker %s after %s", worker.pid, reason)
        self._count("recycled")
        return True

    def _died(self, worker: WorkerHandle, job: PdfJob | BodyJob) -> RenderError:
        """Log how a worker ended mid-job and say what the consultant should do."""
        if self._closed:
            return RenderError("the PDF renderer has been shut down")
        code = worker.exitcode()
        self._count("replaced")
        how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
        log.error("worker %s died in the middle of a job (%s)", worker.pid, how)
        return RenderError(self._memory_message(job))

    def _too_slow_message(self, job: PdfJob | BodyJob) -> str:
        """What a consultant reads when a job passed the time limit."""
        if isinstance(job, BodyJob):
            return f"working it out took longer than {self.time_limit:g} seconds"
        return (
            f"the PDF took longer than {self.time_limit:g} seconds to lay out; "
            "a very long table or text is the usual cause: shorten or split it "
            "and try again"
        )

    def _memory_message(self, job: PdfJob | BodyJob) -> str:
        """What a consultant reads when a job needed more memory than allowed."""
        if isinstance(job, BodyJob):
            return (
                f"working it out needed more memory than a sample may use "
                f"({self.memory_limit_mb} MB for its worker): it builds values far too large"
            )
        return (
            f"the PDF needed more memory than allowed ({self.memory_limit_mb} MB) to lay out; "
            "a very long table or text, or a very large image, is the usual cause: "
            "shorten or split it, or use a smaller image, and try again"
        )

    # -- the slots

    def _acquire(self) -> WorkerHandle:
        """Take a free worker, warm ones first, starting one if its slot is empty."""
        with self._cond:
            while not self._idle and not self._closed:
                self._cond.wait()
            if self._closed:
                raise RenderError("the PDF renderer has been shut down")
            # The most recently used ready worker; a fresh one only if none is ready.
            ready = [i for i, w in enumerate(self._idle) if w is not None and w.ready]
            worker = self._idle.pop(ready[-1] if ready else -1)
        if worker is None:
            try:
                worker = WorkerHandle.start(self.memory_limit_mb)
            except Exception as exc:
                log.exception("could not start a PDF worker")
                self._put_back(None)
                raise RenderError(f"the PDF renderer could not start ({exc})") from None
        with self._cond:
            self._busy.add(worker)
        return worker

    def _release(self, worker: WorkerHandle, keep: bool) -> None:
        """Put a worker back, or stop it and start its replacement."""
        with self._cond:
            self._busy.discard(worker)
        if self._closed:
            worker.stop(kill=True)
            return
        if keep:
            self._put_back(worker)
            return
        # A worker being recycled is idle and exits at once when its pipes close; one that
        # timed out was already killed, and one that died is gone.
        worker.stop()
        try:
            replacement = WorkerHandle.start(self.memory_limit_mb)
        except Exception:
            log.exception("could not start a PDF worker; will try again on the next job")
            replacement = None
        self._put_back(replacement)

    def _put_back(self, worker: WorkerHandle | None) -> None:
        """Return a worker (or an empty slot) to the idle list, or stop it if closed."""
        with self._cond:
            if not self._closed:
                self._idle.append(worker)
                self._cond.notify()
                return
        if worker is not None:
            worker.stop(kill=True)

    def _count(self, counter: str) -> None:
        """Add one to `recycled` or `replaced`."""
        with self._cond:
            setattr(self, counter, getattr(self, counter) + 1)


def check_assets(assets: Mapping[str, bytes] | None) -> dict[str, bytes]:
    """Assets as a job carries them: names without a leading slash, bytes as bytes."""
    checked = {}
    for name, body in (assets or {}).items():
        if not isinstance(name, str) or not isinstance(body, bytes | bytearray):
            raise TypeError("assets map names (str) to file contents (bytes)")
        checked[name.lstrip("/")] = bytes(body)
    return checked


def replay(records: list[logging.LogRecord]) -> None:
    """Log, in this process, what a worker logged during a job."""
    for record in records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)

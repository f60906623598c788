"""Lay out PDFs in long-lived worker processes, each with a time limit and a memory limit.

WeasyPrint runs in a small pool of worker processes, never in the web server itself, so a
pathological document (a table that takes minutes to lay out, text that needs gigabytes)
ends with a clear RenderError for that consultant while everyone else keeps working:

* the pool waits at most `time_limit` seconds for a job, then kills that worker (SIGKILL)
  and starts a replacement;
* each worker limits its own address space (RLIMIT_AS) to `memory_limit_mb`; a worker that
  runs out reports it, or dies, and is replaced;
* imports (WeasyPrint, fonts) are paid once per worker, not once per PDF; a worker is
  recycled after `max_jobs` PDFs, or when its resident memory passes `RECYCLE_RSS_MB` or
  `RECYCLE_GROWTH` times what it was after its first PDF, in case WeasyPrint itself grows.

Workers are started through a fork server (never by forking the threaded web server); the
fork server has already imported this module, so a replacement worker is ready in well
under a second. A worker exits when its job pipe closes, and a second "lifeline" pipe ends
it even in the middle of a job if the process that owns the pool dies.

A worker lays out a `PdfJob` with `pdf.run_job`, exactly as the CLI does in-process: the
job's in-memory assets (the firm's logo) are served by AssetFetcher, which still refuses
every URL but the app's own static files. Two things differ, both to keep a long-lived
worker lean: it lays out every PDF with one FontConfiguration (WeasyPrint's default of a
new one per PDF leaks font-map memory and costs ~20 % more time), and between jobs it
collects garbage and returns freed heap to the OS.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from . import pdf as pdf_module
from .context import RenderError
from .pdf import PdfJob

__all__ = [
    "PdfJob",
    "RenderError",
    "RenderPool",
    "get_pool",
    "shutdown_pool",
]

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 2
DEFAULT_TIME_LIMIT = 60.0  # seconds for one PDF, from the moment a worker has the job
DEFAULT_MEMORY_MB = 1024  # address space per worker (RLIMIT_AS), not resident memory
DEFAULT_MAX_JOBS = 40  # WeasyPrint 70 leaks ~0.06 % per PDF (font features): recycle early
RECYCLE_RSS_MB = 150  # a worker whose resident memory passes this is replaced
RECYCLE_GROWTH = 1.5  # ... or that has grown this much since its first PDF
START_TIMEOUT = 120.0  # seconds a new worker may take to import and warm up
STOP_TIMEOUT = 5.0  # seconds a worker may take to exit when asked, before SIGKILL

# Loads the print stylesheet's fonts and the layout code before the first real job.
_WARM_UP_HTML = (
    '<!doctype html><link rel="stylesheet" href="print/proposal.css">'
    "<h1>Warm-up</h1><p>Warm <em>up</em>.</p><table><tr><th>a</th><td>1</td></tr></table>"
)


# ---------------------------------------------------------------------------
# Inside a worker process


def _rss_bytes() -> int:
    """Resident memory of this process, from /proc/self/statm."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class _Capture(logging.Handler):
    """Keeps log records made during a job so the pool can log them in the parent."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            record.msg = record.getMessage()
            record.args = None
            if record.exc_info:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
                record.exc_info = None
            record.stack_info = None
            self.records.append(record)
        except Exception:  # a record we cannot keep must not fail the PDF
            self.handleError(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


def _limit_memory(memory_limit_mb: int) -> None:
    limit = memory_limit_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _watch_lifeline(lifeline) -> None:
    """End this worker, even mid-job, once the pool's process has gone (the pipe closes)."""

    def watch():
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv_bytes()
        os._exit(0)

    previous = threading.stack_size(256 * 1024)  # the thread only waits; keep it small
    try:
        threading.Thread(target=watch, name="lifeline", daemon=True).start()
    finally:
        threading.stack_size(previous)


class _WorkerHTML(HTML):
    """weasyprint.HTML, laying out with the worker's one FontConfiguration.

    A new FontConfiguration per PDF (WeasyPrint's default) costs ~20 % more time and, on
    this machine, left ~0.2 MiB more resident memory behind per PDF than one shared per
    worker. Print templates declare no @font-face and user text cannot (richtext strips
    styles), so nothing accumulates in it; if templates ever add web fonts, recycling
    still bounds the cost.
    """

    fonts: FontConfiguration | None = None

    def write_pdf(self, *args, **kwargs):
        if kwargs.get("font_config") is None:
            kwargs["font_config"] = _WorkerHTML.fonts
        return super().write_pdf(*args, **kwargs)


def _install_hooks() -> None:
    """Point run_job, in this worker process only, at the shared fonts: it builds
    `HTML(...)` by name at each call, and a worker runs one job at a time on one thread."""
    _WorkerHTML.fonts = FontConfiguration()
    pdf_module.HTML = _WorkerHTML


def _tidy() -> None:
    """Between jobs: free the last PDF's reference cycles and hand free heap back to the OS,
    so that resident memory measures what the worker keeps, not what it has yet to free."""
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


try:
    _malloc_trim = ctypes.CDLL(None).malloc_trim  # glibc only
except (AttributeError, OSError):
    _malloc_trim = None


def _lay_out(job: PdfJob) -> dict:
    reply = {"pdf": None, "error": None, "memory": False}
    try:
        reply["pdf"] = pdf_module.run_job(job)
    except MemoryError:
        reply.update(error="out of memory", memory=True)
    except RenderError as exc:
        reply["error"] = str(exc)
        reply["memory"] = isinstance(exc.__cause__, MemoryError)
    except Exception as exc:  # anything else still ends as a message, not a dead worker
        logging.getLogger(__name__).exception("PDF worker failed")
        reply["error"] = f"the PDF could not be laid out: {exc}"
    return reply


def _worker_main(conn, lifeline, memory_limit_mb: int) -> None:
    """A worker: warm up once, then lay out one job at a time until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops us
    _watch_lifeline(lifeline)
    _limit_memory(memory_limit_mb)
    capture = _Capture()
    root = logging.getLogger()
    root.handlers[:] = [capture]
    root.setLevel(logging.INFO)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS chatter, not our news
    try:
        _install_hooks()
        pdf_module.run_job(PdfJob(html=_WARM_UP_HTML))  # fonts and layout code, once
    except BaseException:
        os._exit(3)
    capture.take()
    _tidy()
    gc.freeze()  # what is here now stays; collections after each job skip it
    conn.send(("ready", os.getpid(), _rss_bytes()))

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        reply = _lay_out(job)
        del job
        if not reply["memory"]:
            _tidy()
        reply["rss"] = _rss_bytes()
        reply["records"] = capture.take()
        conn.send(reply)
        if reply["memory"]:
            break  # after a MemoryError nothing is trusted; the pool starts a new worker
    conn.close()


# ---------------------------------------------------------------------------
# In the web server: the pool


class _WorkerDied(Exception):
    pass


class _TimedOut(Exception):
    pass


_context_lock = threading.Lock()


def _context():
    """The multiprocessing context: a fork server that has already imported this module."""
    with _context_lock:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    lifeline: multiprocessing.connection.Connection
    ready: bool = False
    jobs: int = 0
    first_rss: int | None = None
    rss: int = 0
    _stop_lock: threading.Lock = field(default_factory=threading.Lock)
    _stopped: bool = False

    @classmethod
    def start(cls, memory_limit_mb: int) -> _Worker:
        context = _context()
        conn, child_conn = context.Pipe(duplex=True)
        lifeline_r, lifeline_w = context.Pipe(duplex=False)
        process = context.Process(
            target=_worker_main,
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
        return self.process.pid

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        try:
            if not self.conn.poll(timeout):
                raise _WorkerDied(f"it did not start within {timeout:g} seconds")
            message = self.conn.recv()
        except (EOFError, OSError):
            raise _WorkerDied("it stopped while starting") from None
        if message[0] != "ready":
            raise _WorkerDied(f"it sent {message[0]!r} instead of 'ready'")
        self.ready = True

    def run(self, job: PdfJob, time_limit: float) -> dict:
        """Send one job and wait for the reply; _TimedOut leaves the worker running."""
        try:
            self.conn.send(job)
            if not self.conn.poll(time_limit):
                raise _TimedOut
            return self.conn.recv()
        except (EOFError, OSError):
            raise _WorkerDied("it stopped") from None

    def kill(self) -> None:
        with self._stop_lock:
            if not self._stopped:
                self.process.kill()

    def exitcode(self, wait: float = 1.0) -> int | None:
        with self._stop_lock:
            if self._stopped:
                return None
            self.process.join(wait)
            return self.process.exitcode

    def stop(self, kill: bool = False) -> None:
        """Ask the worker to exit (closing its pipes), or kill it; wait; release everything.

        Safe to call twice and from two threads (the pool closing while a job ends).
        """
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
        max_jobs: int = DEFAULT_MAX_JOBS,
        *,
        recycle_rss_mb: float = RECYCLE_RSS_MB,
        recycle_growth: float = RECYCLE_GROWTH,
        start_timeout: float = START_TIMEOUT,
    ):
        if size < 1:
            raise ValueError("a render pool needs at least one worker")
        if time_limit <= 0 or memory_limit_mb <= 0 or max_jobs < 1:
            raise ValueError("time_limit, memory_limit_mb and max_jobs must be positive")
        self.size = size
        self.time_limit = float(time_limit)
        self.memory_limit_mb = int(memory_limit_mb)
        self.max_jobs = int(max_jobs)
        self.recycle_rss = recycle_rss_mb * 1024 * 1024
        self.recycle_growth = recycle_growth
        self.start_timeout = start_timeout
        self.recycled = 0  # workers replaced after max_jobs or memory growth
        self.replaced = 0  # workers replaced because they timed out, ran out of memory or died
        self._cond = threading.Condition()
        # One slot per worker; None is a slot whose worker has to be (re)started.
        self._idle: list[_Worker | None] = [None] * size
        self._busy: set[_Worker] = set()
        self._closed = False
        self._local = threading.local()
        try:
            self._idle = [_Worker.start(self.memory_limit_mb) for _ in range(size)]
        except BaseException:
            self.close()
            raise

    # -- public

    @property
    def closed(self) -> bool:
        return self._closed

    def pids(self) -> list[int]:
        """Process ids of the current workers (idle and busy)."""
        with self._cond:
            workers = [w for w in self._idle if w is not None] + list(self._busy)
            return sorted(w.pid for w in workers if w.pid is not None)

    def stats(self) -> list[dict]:
        """For each current worker: pid, PDFs made, resident memory after its first and
        its latest PDF (bytes), whether it is busy now."""
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
        """The worker that laid out this thread's latest PDF: pid, PDFs it has made, its
        resident memory afterwards (bytes); it may have been recycled since."""
        return getattr(self._local, "last", None)

    def render(self, html: str, assets: Mapping[str, bytes] | None = None) -> bytes:
        """Lay out print HTML; `assets` (name -> bytes) are served to this PDF only, at
        https://assets.proposals.invalid/<name>."""
        return self.render_job(PdfJob(html=html, assets=_check_assets(assets)))

    def render_job(self, job: PdfJob) -> bytes:
        """Lay out a prepared job (HTML, assets, variant, attachment) in a worker."""
        worker = self._acquire()
        keep = False
        try:
            try:
                worker.wait_ready(self.start_timeout)
            except _WorkerDied as exc:
                log.error("PDF worker %s could not start: %s", worker.pid, exc)
                raise RenderError(
                    f"the PDF renderer could not start ({exc}); please try again"
                ) from None
            try:
                reply = worker.run(job, self.time_limit)
            except _TimedOut:
                worker.kill()
                self._count("replaced")
                log.warning(
                    "PDF worker %s killed after %g s (%d characters of HTML)",
                    worker.pid,
                    self.time_limit,
                    len(job.html),
                )
                raise RenderError(
                    f"the PDF took longer than {self.time_limit:g} seconds to lay out; "
                    "a very long table or text is the usual cause: shorten or split it "
                    "and try again"
                ) from None
            except _WorkerDied:
                raise self._died(worker) from None
            _replay(reply["records"])
            worker.jobs += 1
            worker.rss = reply["rss"]
            if worker.first_rss is None:
                worker.first_rss = worker.rss
            self._local.last = {"pid": worker.pid, "jobs": worker.jobs, "rss": worker.rss}
            if reply["memory"]:
                self._count("replaced")
                log.warning("PDF worker %s ran out of memory", worker.pid)
                raise RenderError(self._memory_message())
            keep = not self._worn_out(worker)
            if reply["error"] is not None:
                raise RenderError(reply["error"])
            return reply["pdf"]
        finally:
            self._release(worker, keep)

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

    # -- internals

    def _acquire(self) -> _Worker:
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
                worker = _Worker.start(self.memory_limit_mb)
            except Exception as exc:
                log.exception("could not start a PDF worker")
                self._put_back(None)
                raise RenderError(f"the PDF renderer could not start ({exc})") from None
        with self._cond:
            self._busy.add(worker)
        return worker

    def _release(self, worker: _Worker, keep: bool) -> None:
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
            replacement = _Worker.start(self.memory_limit_mb)
        except Exception:
            log.exception("could not start a PDF worker; will try again on the next job")
            replacement = None
        self._put_back(replacement)

    def _put_back(self, worker: _Worker | None) -> None:
        with self._cond:
            if not self._closed:
                self._idle.append(worker)
                self._cond.notify()
                return
        if worker is not None:
            worker.stop(kill=True)

    def _worn_out(self, worker: _Worker) -> bool:
        """Recycle after max_jobs, or when resident memory passes the limits."""
        reason = None
        if worker.jobs >= self.max_jobs:
            reason = f"{worker.jobs} PDFs"
        elif worker.rss > self.recycle_rss:
            reason = f"resident memory {worker.rss / 2**20:.0f} MiB"
        elif worker.first_rss and worker.rss > self.recycle_growth * worker.first_rss:
            reason = (
                f"resident memory grew from {worker.first_rss / 2**20:.0f} "
                f"to {worker.rss / 2**20:.0f} MiB"
            )
        if reason is None:
            return False
        log.info("recycling PDF worker %s after %s", worker.pid, reason)
        self._count("recycled")
        return True

    def _died(self, worker: _Worker) -> RenderError:
        if self._closed:
            return RenderError("the PDF renderer has been shut down")
        code = worker.exitcode()
        self._count("replaced")
        how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
        log.error("PDF worker %s died while laying out a PDF (%s)", worker.pid, how)
        return RenderError(self._memory_message())

    def _count(self, counter: str) -> None:
        with self._cond:
            setattr(self, counter, getattr(self, counter) + 1)

    def _memory_message(self) -> str:
        return (
            f"the PDF needed more memory than allowed ({self.memory_limit_mb} MB) to lay out; "
            "a very long table or text, or a very large image, is the usual cause: "
            "shorten or split it, or use a smaller image, and try again"
        )


def _check_assets(assets: Mapping[str, bytes] | None) -> dict[str, bytes]:
    checked = {}
    for name, body in (assets or {}).items():
        if not isinstance(name, str) or not isinstance(body, bytes | bytearray):
            raise TypeError("assets map names (str) to file contents (bytes)")
        checked[name.lstrip("/")] = bytes(body)
    return checked


def _replay(records: list[logging.LogRecord]) -> None:
    """Log, in this process, what a worker logged during a job."""
    for record in records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


# ---------------------------------------------------------------------------
# One pool per process


_pool: RenderPool | None = None
_pool_lock = threading.Lock()


def get_pool(config: Mapping | None = None) -> RenderPool:
    """The process's pool, created on first use from RENDER_WORKERS, RENDER_TIME_LIMIT
    and RENDER_MEMORY_MB in `config` (defaults 2, 60 s, 1024 MB); later calls return the
    same pool whatever `config` says."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool.closed:
            config = config or {}
            _pool = RenderPool(
                size=int(config.get("RENDER_WORKERS") or DEFAULT_WORKERS),
                time_limit=float(config.get("RENDER_TIME_LIMIT") or DEFAULT_TIME_LIMIT),
                memory_limit_mb=int(config.get("RENDER_MEMORY_MB") or DEFAULT_MEMORY_MB),
            )
        return _pool


def shutdown_pool() -> None:
    """Stop the process's pool, if there is one (also run at exit)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


def _forget_pool() -> None:
    """In a forked child, the parent's pool and its pipes are not ours to use."""
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()


atexit.register(shutdown_pool)
os.register_at_fork(after_in_child=_forget_pool)

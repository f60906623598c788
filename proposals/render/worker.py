"""What runs inside a render worker process: warm up once, then lay out one job at a time.

The pool (render/pool.py) starts `serve` in a process of its own through a fork server,
and talks to it over a pipe: the worker sends ("ready", pid, rss) once it is warm, then a
reply dict for each PdfJob it receives, until the pipe closes or it receives None.

A worker lays out a job with `pdf.run_job`, exactly as the CLI does in-process: the job's
in-memory assets (the firm's logo) are served by AssetFetcher, which still refuses every
URL but the app's own static files. Two things differ, both to keep a long-lived worker
lean: it passes every PDF the same FontConfiguration (WeasyPrint's default of a new one
per PDF leaks font-map memory and costs ~20 % more time), and between jobs it collects
garbage and returns freed heap to the OS.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import logging
import os
import queue
import resource
import signal
import threading
from collections.abc import Callable
from logging.handlers import QueueHandler
from multiprocessing.connection import Connection

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from ..library.sandbox import BodyJob, SampleMemoryError, SampleRenderError, run_body_here
from .html import RenderError
from .pdf import PdfJob, run_job

# Loads the print stylesheet's fonts and the layout code before the first real job.
WARM_UP_HTML = (
    '<!doctype html><link rel="stylesheet" href="print/proposal.css">'
    "<h1>Warm-up</h1><p>Warm <em>up</em>.</p><table><tr><th>a</th><td>1</td></tr></table>"
)
EXIT_WARM_UP_FAILED = 3  # the pool reads any exit before "ready" as "could not start"

try:
    _malloc_trim = ctypes.CDLL(None).malloc_trim  # glibc only
except (AttributeError, OSError):
    _malloc_trim = None


class SharedFontsHTML(HTML):
    """weasyprint.HTML that lays out with a given FontConfiguration instead of a new one."""

    def __init__(self, *args, fonts: FontConfiguration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fonts = fonts

    def render(self, font_config=None, *args, **kwargs):
        """HTML.render (which write_pdf calls too) with this document's FontConfiguration."""
        return super().render(self.fonts, *args, **kwargs)


def rss_bytes() -> int:
    """Resident memory of this process, from /proc/self/statm."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def limit_memory(memory_limit_mb: int) -> None:
    """Cap this process's address space (RLIMIT_AS), never above a hard limit already set."""
    limit = memory_limit_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def watch_lifeline(lifeline: Connection) -> None:
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


def capture_logs() -> queue.SimpleQueue:
    """Route this process's log records (INFO and up) to a queue the job loop sends on."""
    records: queue.SimpleQueue = queue.SimpleQueue()
    root = logging.getLogger()
    # QueueHandler flattens each record (message formatted, traceback as text) so that it
    # pickles, and the pool logs it again in the parent.
    handler = QueueHandler(records)
    handler.setLevel(logging.INFO)
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS chatter, not our news
    return records


def drain(records: queue.SimpleQueue) -> list[logging.LogRecord]:
    """The records logged since the last call."""
    taken = []
    with contextlib.suppress(queue.Empty):
        while True:
            taken.append(records.get_nowait())
    return taken


def tidy() -> None:
    """Free the last PDF's reference cycles and hand free heap back to the OS."""
    # So that resident memory measures what the worker keeps, not what it has yet to free.
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


def work_out(job: BodyJob) -> dict:
    """Work out one sample body; its failure comes back as a message and the line."""
    reply = {"html": None, "error": None, "line": None, "memory": False}
    try:
        reply["html"] = str(run_body_here(job.parsed, job.values, job.context, job.draw_charts))
    except MemoryError:
        reply.update(error="out of memory", memory=True)
    except SampleRenderError as exc:
        reply.update(error=exc.reason, line=exc.line, memory=isinstance(exc, SampleMemoryError))
    except Exception as exc:  # the author's code: any other failure is still a message
        reply["error"] = f"could not work it out: {exc}"
    return reply


def lay_out(job: PdfJob | BodyJob, html: Callable[..., HTML]) -> dict:
    """Lay out one job (or work out a body); failures come back as a message."""
    if isinstance(job, BodyJob):
        return work_out(job)
    reply = {"pdf": None, "error": None, "memory": False}
    try:
        reply["pdf"] = run_job(job, html)
    except MemoryError:
        reply.update(error="out of memory", memory=True)
    except RenderError as exc:
        reply["error"] = str(exc)
        reply["memory"] = isinstance(exc.__cause__, MemoryError)
    except Exception as exc:  # anything else still ends as a message, not a dead worker
        logging.getLogger(__name__).exception("PDF worker failed")
        reply["error"] = f"the PDF could not be laid out: {exc}"
    return reply


def serve(conn: Connection, lifeline: Connection, memory_limit_mb: int) -> None:
    """A worker process: warm up once, then lay out one job at a time until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops us
    watch_lifeline(lifeline)
    limit_memory(memory_limit_mb)
    records = capture_logs()
    # One FontConfiguration for every PDF this worker makes: a new one per PDF costs ~20 %
    # more time and left ~0.2 MiB more resident memory behind per PDF. Print templates
    # declare no @font-face and user text cannot (richtext strips styles), so nothing
    # accumulates in it; if templates ever add web fonts, recycling still bounds the cost.
    # It goes in through an HTML factory: a font_config argument handed down through
    # run_job measured ~25 % slower on the 60-page proposal, all of it system time (2.5x
    # the page faults per PDF) for the same PDF; bench/README.md (a).
    try:
        html = functools.partial(SharedFontsHTML, fonts=FontConfiguration())
        run_job(PdfJob(html=WARM_UP_HTML), html)  # fonts and layout code, once
    except BaseException:
        os._exit(EXIT_WARM_UP_FAILED)
    drain(records)
    tidy()
    gc.freeze()  # what is here now stays; collections after each job skip it
    conn.send(("ready", os.getpid(), rss_bytes()))

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        reply = lay_out(job, html)
        del job
        if not reply["memory"]:
            tidy()
        reply["rss"] = rss_bytes()
        reply["records"] = drain(records)
        conn.send(reply)
        if reply["memory"]:
            break  # after a MemoryError nothing is trusted; the pool starts a new worker
    conn.close()

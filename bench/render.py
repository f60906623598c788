"""PDF rendering: the app's worker pool against raw WeasyPrint and headless Chromium.

    .venv/bin/python bench/render.py [--quick] [--json out.json]

Two documents, both from proposals/demo/northwind-bakery.json: "demo", the file itself
(6-7 pages, depending on the print CSS), and "long", ~60 pages, which fills every text
field and list to the schema's limits and swaps the library sample for an inline one
whose body is a long Markdown table (see `long_document`). Measured in one run:

(a) one PDF through the app's path (validated document -> prepare_job, i.e. render_html
    and the embedded proposal.json -> RenderPool, no cache) against raw WeasyPrint,
    `HTML(string=html).write_pdf()` with default settings, on the same final HTML (asset
    URLs pointed at file:// so the default fetcher loads the same stylesheet). Median of
    --repeat runs, the two interleaved. Target: <= 1.10x.
(b) click-to-download with the PDF cache: a placeholder until the cache exists.
(c) headless Chromium printing the same HTML to PDF, start-up included, if
    /usr/bin/chromium exists. Informational: it lays pages out differently.
(d) throughput, --jobs renders of the demo document's HTML from four threads, through a
    pool of one worker and one of two, in alternating rounds (medians compared), with the
    CPU time the workers got. Target on 2 cores: two workers >= 1.8x one.
(e) resident memory of one worker over --renders consecutive renders of the demo
    document (recycling switched off). Targets: growth < 5 %, peak < 150 MiB.
(f) the demo document in the compact layout (pdf.layout "compact": a title block, sections
    following each other) against the formal one (today's look), both through the app's
    path, interleaved, median of --repeat runs. Target: compact <= 1.00x formal.

--quick runs fewer repetitions (and 50 renders for (e)) to check the script itself;
--without-font-features runs (e) again with font-variant-numeric/font-feature-settings
reset, to separate WeasyPrint's font-features leak from the rest (bench/README.md).
Keep module-level imports light: every worker process re-imports this file (as
__mp_main__), and what it imports would count in the workers' memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals.document import Limits, validate_document  # noqa: E402
from proposals.library.catalog import FolderCatalog  # noqa: E402
from proposals.paths import DEMO, SAMPLES, STATIC  # noqa: E402
from proposals.render.fetcher import ASSET_ORIGIN  # noqa: E402
from proposals.render.pdf import PdfJob, prepare_job  # noqa: E402
from proposals.render.pool import RenderPool  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CREATED = datetime(2026, 11, 20, 9, 30)
PLACEHOLDER_B = "n/a (cache not built yet)"
MiB = 1024 * 1024
# Characters of Markdown table in the long document's sample (the schema allows 50,000);
# chosen so that the whole document comes to 60 pages.
TABLE_CHARS = 38_000


# ---------------------------------------------------------------------------
# Documents


def northwind() -> dict:
    return json.loads((DEMO / "northwind-bakery.json").read_text(encoding="utf-8"))


def _prose(base: dict) -> list[str]:
    """Sentences from the demo document, to fill long fields with proposal-like text."""
    listening = base["listening"]
    texts = [
        listening["situation"],
        listening["tried_before"],
        listening["sleep_well"],
        listening["constraints"],
        base["sample"]["commentary"],
        base["offer"]["summary"],
        base["offer"]["if_it_goes_wrong"],
        *listening["their_words"],
        *listening["goals"],
        *listening["obstacles"],
    ]
    return [s.strip().rstrip(".") + "." for text in texts for s in text.split(". ") if s]


def _fill(sentences: list[str], start: int, limit: int, paragraphs: bool = True) -> str:
    """Text of up to `limit` characters, cycling through `sentences` from `start`."""
    out, length, index = [], 0, start
    while True:
        sentence = sentences[index % len(sentences)]
        glue = "\n\n" if paragraphs and index % 4 == 3 else " "
        if length + len(sentence) + len(glue) > limit:
            return "".join(out).strip()
        out.append(sentence + glue)
        length += len(sentence) + len(glue)
        index += 1


def _table_body(limit: int) -> str:
    """An inline worked sample: an introduction, then weekly cash as a long Markdown table."""
    intro = (
        "Week by week, from the bank statements: what came in, what went out, and the "
        "balance at the end of the week. The low points are marked in the notes column.\n\n"
    )
    header = "| Week | Takings | Wages | Flour & stock | Rent & rates | Balance | Note |\n"
    header += "|---|---:|---:|---:|---:|---:|---|\n"
    lines, length, balance, week = [], len(intro) + len(header), 18_500, 0
    while True:
        takings = 9_000 + (week * 7919) % 3_500 - (2_400 if week % 52 in range(4, 10) else 0)
        wages, stock, rent = 4_100 + (week % 3) * 60, 2_300 + (week * 31) % 500, 1_150
        balance += takings - wages - stock - rent
        note = "low point" if week % 52 == 9 else ("rent review" if week % 13 == 0 else "")
        line = (
            f"| W{week + 1:03d} | {takings:,} | {wages:,} | {stock:,} | {rent:,} | "
            f"{balance:,} | {note} |\n"
        )
        if length + len(line) > limit:
            break
        lines.append(line)
        length += len(line)
        week += 1
    return intro + header + "".join(lines)


def long_document(base: dict, table_chars: int = TABLE_CHARS) -> dict:
    """The demo filled to the schema's limits: every text field, every list, ten
    referrals, four options, and an inline sample whose body is a ~1,000-row table."""
    doc = json.loads(json.dumps(base))
    sentences = _prose(base)
    text, line = Limits.TEXT - 50, Limits.LINE - 20
    listening = doc["listening"]
    for number, key in enumerate(("situation", "tried_before", "sleep_well", "constraints")):
        listening[key] = _fill(sentences, number * 5, text)
    for key in ("their_words", "goals", "obstacles"):
        listening[key] = [
            _fill(sentences, i * 3, line, paragraphs=False) for i in range(Limits.LIST_ITEMS)
        ]
    doc["sample"] = {
        "title": "Weekly cash, three years of bank statements",
        "body": _table_body(table_chars),
        "commentary": _fill(sentences, 7, text),
    }
    doc["referrals"] = [
        {
            **base["referrals"][i % len(base["referrals"])],
            "name": f"{base['referrals'][i % len(base['referrals'])]['name']} ({i + 1})",
            "why": _fill(sentences, i, line, paragraphs=False),
        }
        for i in range(Limits.REFERRALS)
    ]
    doc["self_help"] = [
        _fill(sentences, i + 2, line, paragraphs=False) for i in range(Limits.LIST_ITEMS)
    ]
    offer = doc["offer"]
    offer["summary"] = _fill(sentences, 3, text)
    offer["if_it_goes_wrong"] = _fill(sentences, 11, text)
    options = base["offer"]["options"]
    offer["options"] = [
        {**options[i % len(options)], "description": _fill(sentences, i * 4, text)}
        for i in range(Limits.OPTIONS_MAX)
    ]
    offer["options"][3]["name"] = "Full-year runway"
    doc["next_steps"] = [
        _fill(sentences, i + 5, line, paragraphs=False) for i in range(Limits.LIST_ITEMS)
    ]
    return doc


def app_job(content: dict) -> PdfJob:
    """What the app hands a worker: the validated document through the print templates,
    with the document to embed (prepare_job, as generate_pdf uses it)."""
    job, _ = prepare_job(validate_document(content), FolderCatalog(SAMPLES), created=CREATED)
    return job


def final_html(content: dict) -> str:
    """The print HTML the app lays out for this document."""
    return app_job(content).html


def file_html(html: str) -> str:
    """The same HTML with asset URLs as file:// URLs, for renderers with default fetchers."""
    return html.replace(ASSET_ORIGIN, STATIC.as_uri() + "/")


def page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# ---------------------------------------------------------------------------
# Measurements


def measure_a(pool: RenderPool, name: str, content: dict, repeat: int) -> dict:
    """The app's path against raw WeasyPrint, interleaved, after one warm-up each.

    Besides wall-clock time, the CPU time each path took (this process, plus the workers
    for the app's path): on a loaded machine it moves far less than the wall clock.
    """
    from weasyprint import HTML

    html = final_html(content)
    raw_html = file_html(html)

    def app_path() -> bytes:
        return pool.render_job(app_job(content))

    def raw() -> bytes:
        return HTML(string=raw_html).write_pdf()

    app_pdf, raw_pdf = app_path(), raw()
    app_times, raw_times, app_cpu, raw_cpu = [], [], [], []
    for _ in range(repeat):
        for runner, times, cpu, workers in (
            (app_path, app_times, app_cpu, lambda: _pool_cpu_seconds(pool)),
            (raw, raw_times, raw_cpu, lambda: 0.0),
        ):
            cpu_before = time.process_time() + workers()
            started = time.perf_counter()
            runner()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() + workers() - cpu_before)
    app, raw_median = statistics.median(app_times), statistics.median(raw_times)
    app_cpu_s, raw_cpu_s = statistics.median(app_cpu), statistics.median(raw_cpu)
    return {
        "document": name,
        "pages": page_count(app_pdf),
        "raw_pages": page_count(raw_pdf),
        "html_chars": len(html),
        "app_s": app,
        "raw_s": raw_median,
        "ratio": app / raw_median,
        "app_cpu_s": app_cpu_s,
        "raw_cpu_s": raw_cpu_s,
        "cpu_ratio": app_cpu_s / raw_cpu_s,
        "app_runs": app_times,
        "raw_runs": raw_times,
    }


def with_layout(content: dict, layout: str) -> dict:
    """The document with its PDF layout chosen."""
    return {**content, "pdf": {**(content.get("pdf") or {}), "layout": layout}}


def measure_f(pool: RenderPool, content: dict, repeat: int) -> dict:
    """The compact layout against the formal one, app path, interleaved after a warm-up."""
    layouts = {name: with_layout(content, name) for name in ("formal", "compact")}
    times: dict[str, list[float]] = {name: [] for name in layouts}
    pages = {name: page_count(pool.render_job(app_job(doc))) for name, doc in layouts.items()}
    for _ in range(repeat):
        for name, doc in layouts.items():
            started = time.perf_counter()
            pool.render_job(app_job(doc))
            times[name].append(time.perf_counter() - started)
    formal, compact = (statistics.median(times[name]) for name in ("formal", "compact"))
    return {
        "formal_s": formal,
        "compact_s": compact,
        "ratio": compact / formal,
        "formal_pages": pages["formal"],
        "compact_pages": pages["compact"],
        "formal_runs": times["formal"],
        "compact_runs": times["compact"],
    }


def measure_c(content: dict, repeat: int) -> dict | None:
    """Headless Chromium printing the same HTML, process start-up included."""
    if not CHROMIUM.exists():
        return None
    times, pages = [], None
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as folder:
        source = Path(folder) / "proposal.html"
        source.write_text(file_html(final_html(content)), encoding="utf-8")
        target = Path(folder) / "proposal.pdf"
        command = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        for _ in range(repeat + 1):  # the first run fills the profile; not counted
            target.unlink(missing_ok=True)
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, timeout=300, check=True)
            times.append(time.perf_counter() - started)
        pages = page_count(target.read_bytes())
    return {"seconds": statistics.median(times[1:]), "pages": pages, "runs": times[1:]}


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes."""
    ticks = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _pool_cpu_seconds(pool: RenderPool) -> float:
    """CPU time used so far by the pool's workers, those already replaced included."""
    # The long document passes the recycling limit on resident memory (150 MiB), so its
    # worker is replaced during render_job; the fork server has reaped it by the time
    # render_job returns, and counts its CPU time as its children's (cutime, cstime).
    pids = pool.pids()
    with open(f"/proc/{pids[0]}/stat", encoding="ascii") as stat:
        server = int(stat.read().rsplit(")", 1)[1].split()[1])
    with open(f"/proc/{server}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    return _cpu_seconds(pids) + reaped


def measure_d(html: str, jobs: int, rounds: int) -> dict:
    """`jobs` renders from four threads through one worker and through two, alternately,
    `rounds` times; the medians are compared. The workers' CPU time shows how much CPU
    they actually got: on a busy machine, two workers cannot use two cores."""
    runs: dict[int, list[dict]] = {1: [], 2: []}
    load_before = os.getloadavg()
    with (
        RenderPool(size=1, max_jobs=10**9) as one,
        RenderPool(size=2, max_jobs=10**9) as two,
        ThreadPoolExecutor(max_workers=4) as executor,
    ):
        pools = {1: one, 2: two}
        for size, pool in pools.items():
            list(executor.map(pool.render, [html] * size * 2))  # warm every worker
        for _ in range(rounds):
            for size, pool in pools.items():
                pids = pool.pids()
                cpu = _cpu_seconds(pids)
                started = time.perf_counter()
                list(executor.map(pool.render, [html] * jobs))
                elapsed = time.perf_counter() - started
                cpu = _cpu_seconds(pids) - cpu
                runs[size].append({"seconds": elapsed, "worker_cpu_s": cpu})

    def summary(size: int) -> dict:
        seconds = statistics.median(run["seconds"] for run in runs[size])
        cpu = statistics.median(run["worker_cpu_s"] for run in runs[size])
        return {
            "seconds": seconds,
            "pdfs_per_s": jobs / seconds,
            "worker_cpu_s": cpu,
            "cores_used": cpu / seconds,
            "runs": runs[size],
        }

    one, two = summary(1), summary(2)
    return {
        "jobs": jobs,
        "rounds": rounds,
        "one": one,
        "two": two,
        "speedup": one["seconds"] / two["seconds"],
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


def _high_water_mark(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


# Resets the CSS properties that send text through WeasyPrint's font-features code, which
# keeps a Pango attribute list per text layout (see bench/README.md).
NO_FONT_FEATURES = (
    "<style>* { font-variant-numeric: normal !important; "
    "font-feature-settings: normal !important; }</style></head>"
)


def without_font_features(html: str) -> str:
    return html.replace("</head>", NO_FONT_FEATURES, 1)


def measure_e(html: str, renders: int, recycle: bool = False) -> dict:
    """Resident memory of one pool slot after each of `renders` renders: one worker with
    recycling switched off, or (recycle=True) the pool's default recycling."""
    never = {"max_jobs": 10**9, "recycle_rss_mb": 10**9, "recycle_growth": 10**9}
    limits = {} if recycle else never
    rss, times, pids, high_water = [], [], [], 0
    lives: dict[int, list[int]] = {}  # pid -> RSS after each of its renders
    with RenderPool(size=1, **limits) as pool:
        for number in range(renders):
            started = time.perf_counter()
            pool.render(html)
            times.append(time.perf_counter() - started)
            # The worker that did this job, whether or not it has been recycled since.
            done = pool.last_job()
            pid, value = done["pid"], done["rss"]
            if not pids or pids[-1] != pid:
                pids.append(pid)
            rss.append(value)
            lives.setdefault(pid, []).append(value)
            high_water = max(high_water, _high_water_mark(pid) or 0)
            if (number + 1) % 50 == 0:
                print(
                    f"  (e) {number + 1}/{renders} renders, RSS {rss[-1] / MiB:.1f} MiB"
                    + (f", {len(pids)} workers so far" if recycle else ""),
                    file=sys.stderr,
                    flush=True,
                )
    if not recycle:
        assert len(pids) == 1, "the worker was replaced during the run"
    first, last, peak = rss[0], rss[-1], max(rss)
    return {
        "renders": renders,
        "recycling": recycle,
        "workers": len(pids),
        "first_mib": first / MiB,
        "after_10_mib": rss[min(9, len(rss) - 1)] / MiB,
        "last_mib": last / MiB,
        "peak_mib": peak / MiB,
        "high_water_mib": high_water / MiB if high_water else None,
        "growth_pct": (last - first) / first * 100,
        "worst_worker_growth_pct": max((v[-1] - v[0]) / v[0] * 100 for v in lives.values()),
        "median_render_s": statistics.median(times),
        "rss_mib": [round(value / MiB, 2) for value in rss],
    }


# ---------------------------------------------------------------------------
# Report


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        total_kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    import pydyf
    import weasyprint

    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "ram_gib": round(total_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "pydyf": pydyf.__version__,
        "chromium": _chromium_version(),
        "load_at_start": os.getloadavg(),
    }


def _chromium_version() -> str | None:
    if not CHROMIUM.exists():
        return None
    try:
        done = subprocess.run(
            [str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def report(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, "
        f"Python {m['python']}, WeasyPrint {m['weasyprint']} (pydyf {m['pydyf']})"
        + (f", {m['chromium']}" if m["chromium"] else ""),
        "Load average (1/5/15 min) at start {:.2f} / {:.2f} / {:.2f}, at end "
        "{:.2f} / {:.2f} / {:.2f}".format(*m["load_at_start"], *results["load_at_end"]),
    ]
    if "a" in results or "c" in results:
        lines += [
            "",
            f"One PDF, median of {results['repeat']} runs ({results['repeat_long']} for the "
            "long one), seconds (target for (a): app path <= 1.10x raw WeasyPrint)",
            "",
            "| document | pages | HTML chars | (a) app path | raw WeasyPrint | ratio "
            "| CPU s, app / raw | CPU ratio | (b) download, cached "
            "| (c) Chromium, with start-up |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        a_rows = {row["document"]: row for row in results.get("a", [])}
        c_rows = results.get("c", {})
        for name in a_rows or c_rows:
            row, chromium = a_rows.get(name), c_rows.get(name)
            c = f"{chromium['seconds']:.2f} ({chromium['pages']} pages)" if chromium else "n/a"
            a = (
                f"| {row['pages']} | {row['html_chars']:,} | {row['app_s']:.2f} "
                f"| {row['raw_s']:.2f} | {row['ratio']:.2f}x "
                f"| {row['app_cpu_s']:.2f} / {row['raw_cpu_s']:.2f} | {row['cpu_ratio']:.2f}x "
                if row
                else "| | | | | | | "
            )
            lines.append(f"| {name} {a}| {PLACEHOLDER_B} | {c} |")
    if "d" in results:
        d = results["d"]
        lines += [
            "",
            f"(d) Throughput: {d['jobs']} renders of the demo document from 4 threads, median "
            f"of {d['rounds']} alternating rounds (target: two workers >= 1.8x one); load "
            "average {:.2f} before, {:.2f} after".format(d["load_before"][0], d["load_after"][0]),
            "",
            "| workers | seconds | PDFs per second | speed-up | workers' CPU time | cores used |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for size, key in ((1, "one"), (2, "two")):
            row = d[key]
            speedup = 1.0 if size == 1 else d["speedup"]
            lines.append(
                f"| {size} | {row['seconds']:.1f} | {row['pdfs_per_s']:.2f} | {speedup:.2f}x "
                f"| {row['worker_cpu_s']:.1f} s | {row['cores_used']:.2f} |"
            )
    runs = [
        ("e", "as shipped"),
        ("e_without_font_features", "font features reset"),
        ("e_recycled", "as shipped, default recycling"),
    ]
    if any(key in results for key, _ in runs):
        renders = next(results[key]["renders"] for key, _ in runs if key in results)
        lines += [
            "",
            f"(e) Resident memory of one pool slot over {renders} consecutive renders of the "
            "demo document, MiB; one worker, recycling off, unless said "
            "(targets: growth < 5 %, peak < 150 MiB)",
            "",
            "| run | after 1st | after 10th | after last | peak after a render "
            "| high-water mark | growth 1st -> last | median render |",
            "|---|---:|---:|---:|---:|---:|---|---:|",
        ]
        lines += [_e_row(label, results[key]) for key, label in runs if key in results]
    if "f" in results:
        f = results["f"]
        lines += [
            "",
            f"(f) The demo document, compact layout against formal, app path, median of "
            f"{results['repeat']} interleaved runs (target: compact <= 1.00x formal)",
            "",
            "| layout | pages | seconds | ratio |",
            "|---|---:|---:|---:|",
            f"| formal | {f['formal_pages']} | {f['formal_s']:.2f} | 1.00x |",
            f"| compact | {f['compact_pages']} | {f['compact_s']:.2f} | {f['ratio']:.2f}x |",
        ]
    return "\n".join(lines)


def _e_row(label: str, e: dict) -> str:
    hwm = f"{e['high_water_mib']:.1f}" if e["high_water_mib"] else "n/a"
    growth = f"{e['growth_pct']:+.1f} %"
    if e["workers"] > 1:
        worst = e["worst_worker_growth_pct"]
        growth = f"at most {worst:+.1f} % per worker ({e['workers']} workers)"
    return (
        f"| {label} | {e['first_mib']:.1f} | {e['after_10_mib']:.1f} | {e['last_mib']:.1f} "
        f"| {e['peak_mib']:.1f} | {hwm} | {growth} | {e['median_render_s']:.2f} s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, to try the script")
    parser.add_argument(
        "--only", default="acdef", help="which measurements to make, e.g. 'd' (default: acdef)"
    )
    parser.add_argument("--repeat", type=int, help="runs per timing in (a) and (c)")
    parser.add_argument("--jobs", type=int, help="renders per pool size in (d)")
    parser.add_argument("--renders", type=int, help="consecutive renders in (e); default 500")
    parser.add_argument(
        "--without-font-features",
        action="store_true",
        help="run (e) once more with font-variant-numeric and font-feature-settings reset",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args()
    repeat = args.repeat or (2 if args.quick else 7)
    repeat_long = max(2, repeat // 2)
    jobs = args.jobs or (6 if args.quick else 24)
    renders = args.renders or (50 if args.quick else 500)

    results = {"machine": machine(), "repeat": repeat, "repeat_long": repeat_long}
    base = northwind()
    documents = {"demo": base, "long": long_document(base)}
    small_html = final_html(base)

    def step(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if "a" in args.only:
        step("(a) app path against raw WeasyPrint ...")
        with RenderPool(size=1, max_jobs=10**9) as pool:
            results["a"] = [
                measure_a(pool, name, content, repeat if name == "demo" else repeat_long)
                for name, content in documents.items()
            ]
    if "c" in args.only:
        step("(c) headless Chromium ...")
        results["c"] = {
            name: measure_c(content, repeat_long) for name, content in documents.items()
        }
    if "d" in args.only:
        step("(d) one worker against two ...")
        results["d"] = measure_d(small_html, jobs, rounds=2 if args.quick else 3)
    if "e" in args.only:
        step(f"(e) {renders} renders in one worker ...")
        results["e"] = measure_e(small_html, renders)
        if args.without_font_features:
            step("(e) again, without font features ...")
            results["e_without_font_features"] = measure_e(
                without_font_features(small_html), renders
            )
        step("(e) again, with the pool's default recycling ...")
        results["e_recycled"] = measure_e(small_html, renders, recycle=True)
    if "f" in args.only:
        step("(f) compact layout against formal ...")
        with RenderPool(size=1, max_jobs=10**9) as pool:
            results["f"] = measure_f(pool, base, repeat)
    results["load_at_end"] = os.getloadavg()
    results["b"] = PLACEHOLDER_B

    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

"""The trust check on the example proposals: in the process, and as `proposals check FILE`.

    .venv/bin/python bench/check.py [--rounds 20]

In the process: the first check (it compiles the phrase book and loads the word
frequencies), then `--rounds` checks of each example with its library sample worked out,
against a baseline measured in the same run: reading and validating the same file
(`load_document_file`). As a command: the wall time of `proposals check FILE`, a fresh
Python each time, against `python -c pass` (starting Python alone) and `proposals --help`.
Target (issue 13): under 300 ms per check of an example.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals.document_files import load_document_file  # noqa: E402
from proposals.library.catalog import FolderCatalog  # noqa: E402
from proposals.paths import SAMPLES  # noqa: E402
from proposals.trust import check_document, worked_sample_text  # noqa: E402
from proposals.trust.normalise import tokenise  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = (
    ROOT / "proposals/demo/northwind-bakery.json",
    ROOT / "proposals/demo/harbor-dental.toml",
)


def milliseconds(work) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def in_process(path: Path, rounds: int) -> tuple[float, float]:
    """Median ms of one check (tokens not cached) and of reading the file, the baseline."""
    document = load_document_file(path)
    worked = worked_sample_text(document, FolderCatalog(SAMPLES))

    def check() -> None:
        tokenise.cache_clear()  # as a new proposal would: nothing read before
        check_document(document, worked)

    checks = [milliseconds(check) for _ in range(rounds)]
    reads = [milliseconds(lambda: load_document_file(path)) for _ in range(rounds)]
    return statistics.median(checks), statistics.median(reads)


def command(arguments: list[str], rounds: int, python_only: bool = False) -> float:
    """Median wall ms of the `proposals` command (exit 0 or 1 are both a finished check);
    with `python_only`, of Python itself running `arguments` (the baseline)."""
    times = []
    program = [sys.executable] if python_only else [sys.executable, "-m", "proposals"]
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([*program, *arguments], capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    first = milliseconds(
        lambda: check_document(load_document_file(EXAMPLES[0]), None)
    )  # compiles the phrase book, loads the word frequencies
    print(f"first check in a process: {first:.0f} ms")
    for path in EXAMPLES:
        check, read = in_process(path, rounds)
        ratio = check / read
        print(f"{path.name}: check {check:.1f} ms, reading the file {read:.1f} ms, {ratio:.1f}x")
    python = command(["-c", "pass"], max(3, rounds // 4), python_only=True)
    startup = command(["--help"], max(3, rounds // 4))
    print(f"python -c pass: {python:.0f} ms; proposals --help: {startup:.0f} ms")
    for path in EXAMPLES:
        # The first run of each may work sentences out with the model (a cold cache); the
        # median is of runs that find them in the user's cache, as a re-check would.
        wall = command(["check", str(path)], max(3, rounds // 4))
        added = wall - python
        print(f"proposals check {path.name}: {wall:.0f} ms ({added:.0f} ms over python -c pass)")


if __name__ == "__main__":
    main()

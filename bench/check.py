"""The trust check on the example proposals: in the process, and as `proposals check FILE`.

    .venv/bin/python bench/check.py [--rounds 20]

In the process: the first check (it compiles the phrase book and loads the word
frequencies), then `--rounds` checks of each example with its library sample worked out,
against a baseline measured in the same run: reading and validating the same file
(`load_document_file`). As a command: the wall time of `proposals check FILE`, a fresh
Python each time, against `python -c pass` (starting Python alone) and `proposals --help`,
in three states of the user's cache (trust/memo.py; a temporary one, not yours):

    again   the same file checked before: the re-check after sending, or in a script;
    edited  one new sentence in what we heard since the last check (a fresh one each run);
    cold    an empty cache: the first check on a machine (the sentence model loads).

Target (issue 13): under 300 ms per check of an example.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
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


def command(arguments: list[str], rounds: int, python_only: bool = False, prepare=None) -> float:
    """Median wall ms of the `proposals` command (exit 0 or 1 are both a finished check);
    with `python_only`, of Python itself running `arguments` (the baseline). `prepare(n)`
    runs before round n, untimed, and may return the arguments and environment to use."""
    times = []
    program = [sys.executable] if python_only else [sys.executable, "-m", "proposals"]
    for round_number in range(rounds):
        used, env = arguments, None
        if prepare is not None:
            used, env = prepare(round_number)
        start = time.perf_counter()
        subprocess.run([*program, *used], capture_output=True, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def with_cache(folder: Path) -> dict:
    return {**os.environ, "XDG_CACHE_HOME": str(folder)}


def as_command(path: Path, rounds: int, work: Path) -> dict[str, float]:
    """The check of one file as a command, in the three states of the cache."""
    warm = work / f"warm-{path.stem}"
    subprocess.run(
        [sys.executable, "-m", "proposals", "check", str(path)],
        env=with_cache(warm),
        capture_output=True,
    )
    figures = {
        "again": command(
            ["check", str(path)], rounds, prepare=lambda n: (["check", str(path)], with_cache(warm))
        )
    }

    def edited(round_number: int):
        cache = work / f"edited-{path.stem}-{round_number}"
        shutil.copytree(warm, cache)
        document = load_example_file(path)
        document["listening"]["situation"] += (
            f"\n\nIn week {round_number + 1} they also asked about leasing the second oven."
        )
        copy = work / f"edited-{path.stem}-{round_number}.json"
        copy.write_text(json.dumps(document), encoding="utf-8")
        return ["check", str(copy)], with_cache(cache)

    figures["edited"] = command([], rounds, prepare=edited)
    figures["cold"] = command(
        [],
        max(3, rounds // 2),
        prepare=lambda n: (["check", str(path)], with_cache(work / f"cold-{path.stem}-{n}")),
    )
    return figures


def load_example_file(path: Path) -> dict:
    from tests.conftest import load_example

    return load_example(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    first = milliseconds(
        lambda: check_document(load_document_file(EXAMPLES[0]), None)
    )  # loads the phrase book and the kept results
    print(f"first check in a process: {first:.0f} ms")
    for path in EXAMPLES:
        check, read = in_process(path, rounds)
        ratio = check / read
        print(f"{path.name}: check {check:.1f} ms, reading the file {read:.1f} ms, {ratio:.1f}x")
    few = max(5, rounds // 2)
    python = command(["-c", "pass"], few, python_only=True)
    startup = command(["--help"], few)
    print(f"python -c pass: {python:.0f} ms; proposals --help: {startup:.0f} ms")
    with tempfile.TemporaryDirectory(prefix="bench-check-") as work:
        for path in EXAMPLES:
            figures = as_command(path, few, Path(work))
            for state, wall in figures.items():
                print(
                    f"proposals check {path.name}, {state}: {wall:.0f} ms "
                    f"({wall / python:.1f}x python -c pass)"
                )


if __name__ == "__main__":
    main()

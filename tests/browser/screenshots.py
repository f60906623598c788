"""Take the README's pictures with the browser tests' server and helpers.

    .venv/bin/python -m tests.browser.screenshots [folder]      (default: docs/images)

wizard-heard.png      the "What you heard" step filled in with Northwind's words (full page)
wizard-sample.png     the worked sample step showing the worked-out result
pdf-sample-page.png   the first page of the worked sample in Northwind's PDF, at 70 dpi
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from pypdf import PdfReader

from proposals.paths import PROJECT_ROOT, SAMPLES
from tests.conftest import NORTHWIND, load_example

from .live import LiveServer, launch_chromium, make_app, new_context, sign_in
from .test_wizard_in_browser import (
    fill_heard,
    fill_people,
    fill_sample,
    on_step,
    save_and_continue,
    start_proposal,
)


def wizard_screens(page: Page, folder: Path) -> None:
    doc = load_example(NORTHWIND)
    start_proposal(page)
    fill_people(page, doc)
    save_and_continue(page)
    on_step(page, "heard", "What you heard")
    fill_heard(page, doc)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=folder / "wizard-heard.png", full_page=True)
    save_and_continue(page)
    on_step(page, "sample", "Worked sample")
    fill_sample(page, doc)
    on_step(page, "sample", "Worked sample")
    result = page.locator("section#result")
    result.wait_for()
    page.screenshot(path=folder / "wizard-sample.png", full_page=True)


def pdf_sample_page(folder: Path, scratch: Path) -> None:
    """Render Northwind with the CLI, find the worked sample's first page, draw it."""
    pdf = scratch / "northwind.pdf"
    command = [sys.executable, "-m", "proposals", "render", NORTHWIND, "-o", pdf]
    # From the project root, so `-m` runs this checkout's package, whatever is installed.
    subprocess.run([*command, "--samples", SAMPLES], check=True, cwd=PROJECT_ROOT)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    number = next(
        index
        for index, page in enumerate(reader.pages, 1)
        if re.match(r"(\d+\s+)?Worked sample", page.extract_text().lstrip())
    )
    out = folder / "pdf-sample-page"
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", str(number), "-l", str(number), "-singlefile"]
        + [str(pdf), str(out)],
        check=True,
    )


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        with LiveServer(make_app(scratch)) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = new_context(browser, server.url)
            try:
                page = context.new_page()
                sign_in(page)
                wizard_screens(page, folder)
            finally:
                context.close()
                browser.close()
        pdf_sample_page(folder, scratch)
    for name in ("wizard-heard.png", "wizard-sample.png", "pdf-sample-page.png"):
        print(folder / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_ROOT / "docs" / "images")

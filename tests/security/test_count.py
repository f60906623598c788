"""Keep the suite honest: count the distinct hostile inputs, by category."""

from __future__ import annotations

from tests.security import (
    payloads,
    test_csrf,
    test_fetcher,
    test_library_markup,
    test_redirects,
    test_sandbox,
    test_uploads,
)

CATEGORIES = {
    "script and event-handler injection": payloads.SCRIPT,
    "javascript:/data:/vbscript: links": payloads.LINKS,
    "file:// and network URLs (Markdown, CSS, SVG, embeds)": payloads.FETCH,
    "<base> tricks": payloads.BASE,
    "chart labels breaking out of the SVG": test_library_markup.SVG_BREAKOUTS,
    "raw print HTML past the sanitizer (URL fetcher)": list(test_fetcher.RAW_HTML),
    "template syntax in plain text": payloads.TEXT_TEMPLATES,
    "template sandbox escapes": list(test_sandbox.ESCAPES),
    "sandbox resource bombs": [
        *test_sandbox.BIG_OUTPUT_BODIES,
        "yaml-list",
        "yaml-mapping",
        "yaml-alias-bomb",
    ],
    "oversized and malformed uploads and forms": [
        "5-mb-md",
        *(f"md-{name}" for name in test_uploads.MALFORMED_MD),
        "no-file",
        "path-in-filename",
        "nul-in-body",
        "5-mb-step",
        "30000-fields",
        *(f"csv-{name}" for name in test_uploads.MALFORMED_CSV),
        "csv-huge-cell",
        "csv-600-rows",
        "csv-doubled-quotes",
        "300-row-table-form",
        "chart-label-unknown-tex",
        "chart-label-deep-nesting",
    ],
    "CSRF (forged requests)": [
        f"{endpoint}/{token}"
        for endpoint in test_csrf.FORGED
        for token in ("missing", "wrong", "other-session")
    ]
    + ["login-without-token"],
    "open redirects": list(test_redirects.HOSTILE_NEXT),
    "held forms (planted by someone else, disk filling)": [
        "restore link from another browser",
        "20 anonymous 1.5 MB posts",
        "posts to proposals that don't exist",
    ],
    "another user's proposal": [
        "every GET naming a proposal",
        "every POST naming a proposal",
        "guessed PDF numbers",
        "dashboard listing",
        "accounts and firm profile",
    ],
}


def test_at_least_forty_distinct_hostile_inputs():
    counts = {name: len(set(map(str, items))) for name, items in CATEGORIES.items()}
    for name, items in CATEGORIES.items():
        assert len(set(map(str, items))) == len(items), f"duplicates in {name}"
    assert sum(counts.values()) >= 40, counts
    assert all(count >= 3 for count in counts.values()), counts


def test_every_markup_payload_has_a_unique_id():
    ids = [payload.id for payload in payloads.MARKUP]
    assert len(ids) == len(set(ids))

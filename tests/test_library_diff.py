"""The history diff: a changed line shows the words that changed."""

from __future__ import annotations

from types import SimpleNamespace

from proposals.library.revisions import diff_lines


def revision(number: int, source: str):
    return SimpleNamespace(number=number, source=source)


def test_only_the_changed_words_of_a_changed_line_are_marked():
    older = revision(1, "a\nb\nThe cash lasts until March.\nc\n")
    newer = revision(2, "a\nb\nThe cash lasts until late April.\nc\nd\n")
    lines = diff_lines(older, newer)
    kinds = [line.kind for line in lines]
    assert kinds == ["hunk", "same", "same", "removed", "added", "same", "added"]
    removed, added = lines[3], lines[4]
    assert [text for text, changed in removed.parts if changed] == ["March"]
    assert [text for text, changed in added.parts if changed] == ["late April"]
    assert added.text == "The cash lasts until late April."
    assert lines[-1].parts == (("d", True),)  # a wholly new line is marked whole


def test_identical_revisions_have_no_diff():
    assert diff_lines(revision(1, "same\n"), revision(2, "same\n")) == []

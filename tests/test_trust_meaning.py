"""The reads-like rule: sentences that mean what pushy sentences mean, in new wording."""

from __future__ import annotations

import numpy as np
import pytest

from proposals.trust import check_text, embedding, meaning

pytestmark = pytest.mark.skipif(not meaning.available(), reason="sentence model not installed")


def rules(text: str, section: str) -> dict[str, str]:
    return {f.rule: f.suggestion for f in check_text(text, section)}


def test_pressure_in_words_no_list_has_gets_advice():
    found = rules("Sign before the weekend or someone else gets your slot in our diary.", "next")
    assert "reads-like" in found or "pressure" in found


def test_a_plain_next_step_is_not_read_as_pushy():
    text = "We will send the revised forecast on Tuesday; reply whenever you have read it."
    assert "reads-like" not in rules(text, "next")


def test_a_clients_own_deadline_is_a_near_miss_that_passes():
    text = (
        "You told us the bank wants the forecast by 30 June, so we have planned the work for May."
    )
    assert "reads-like" not in rules(text, "next")


def test_the_advice_names_the_family_and_the_nearest_seed():
    (finding,) = meaning.reads_like(
        ["Honestly, nobody else in the business comes close to the quality of our people."],
        "offer",
    )
    assert finding.severity == "advice"
    assert "a claim about the firm nobody can check" in finding.suggestion
    assert "close to “" in finding.suggestion


def test_the_clients_own_words_are_not_read():
    quote = "Honestly, nobody else in the business comes close to the quality of our people."
    assert meaning.reads_like([quote], "heard", spared={quote}) == []


def test_the_numpy_model_gives_the_published_likeness():
    """all-MiniLM-L6-v2 as sentence-transformers runs it: these two score about 0.76."""
    vectors = embedding.encoder().encode(
        ["A man is eating food.", "A man is eating a piece of bread."]
    )
    assert float(vectors[0] @ vectors[1]) == pytest.approx(0.7553, abs=0.01)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_the_shipped_seed_vectors_match_seeds_yaml():
    """After editing seeds.yaml, rebuild them: python -m proposals.trust.meaning."""
    assert meaning._shipped(meaning._key(meaning._seeds_text())) is not None

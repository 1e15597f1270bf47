"""Coarse organizer topics: a track in the topic field is an area, not a topic.

A given value too big for one room, or given to most papers, is split into
subtopics labelled "Area › terms"; values of room size stay topics as given;
a field with one value for everyone is ignored; spellings that differ only in
case and spacing are one value.
"""

from __future__ import annotations

from collections import Counter

from helpers import TOPICS, make_inputs, paper, room, run, session, venue

from planner.topics.build import AREA_MARK, build_topics, given_topics

SESSIONS = [session("s1", 0), session("s2", 1), session("s3", 2)]


def track_field(main: int = 48, side: int = 10, side_spelling: str = "Datasets & Benchmarks"):
    """Most papers say "main" over four real topics; a few are in a second track."""
    papers = [paper(f"m{i}", [f"a{i}"], TOPICS[i % 4], given_topic="main") for i in range(main)]
    papers += [paper(f"d{i}", [f"b{i}"], "data", given_topic=side_spelling) for i in range(side)]
    return papers, venue(SESSIONS, [room("hall", 12), room("side", 10)])


def test_a_two_value_track_field_gives_an_area_with_subtopics():
    papers, v = track_field()
    topics = build_topics(papers, v)
    labels = {pid: topics.labels[t] for pid, t in topics.of.items()}
    main = Counter(labels[p.id] for p in papers if p.id.startswith("m"))
    assert len(main) >= 4  # "main" is split into subtopics ...
    assert all(label.startswith(f"main{AREA_MARK}") for label in main)  # ... under its name
    # The second track is room-sized: it stays one topic, as the organizer gave it.
    assert {labels[p.id] for p in papers if p.id.startswith("d")} == {"Datasets & Benchmarks"}
    assert topics.organizer == {topics.labels.index("Datasets & Benchmarks")}


def test_subtopics_follow_what_the_papers_are_about():
    papers, v = track_field()
    topics = build_topics(papers, v)
    # Each subtopic is (almost) one vocabulary: the split follows the texts.
    by_subtopic: dict[int, Counter[str]] = {}
    for i, p in enumerate(papers[:48]):
        by_subtopic.setdefault(topics.of[p.id], Counter())[TOPICS[i % 4]] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_subtopic.values()) / 48
    assert purity >= 0.9


def test_one_value_for_every_paper_is_ignored():
    papers = [paper(f"p{i}", [f"a{i}"], TOPICS[i % 4], given_topic="Poster") for i in range(40)]
    topics = build_topics(papers, venue(SESSIONS, [room("hall", 12)]))
    assert topics.source == "clusters"
    assert not any(AREA_MARK in label or label == "Poster" for label in topics.labels)


def test_case_and_spacing_variants_are_one_value_in_its_common_spelling():
    papers, v = track_field(side=9)
    papers += [
        paper("x1", ["c1"], "data", given_topic="  datasets &  benchmarks "),
        paper("x2", ["c2"], "data", given_topic="DATASETS & BENCHMARKS"),
    ]
    given = given_topics(papers, v)
    assert {given["x1"], given["x2"], given["d0"]} == {"Datasets & Benchmarks"}


def test_room_sized_organizer_topics_stay_as_given():
    papers = [
        paper(f"{g}{i}", [f"{g}{i}-a"], TOPICS[i % 4], given_topic=f"track {g}")
        for g in "ABC"
        for i in range(8)
    ]
    topics = build_topics(papers, venue(SESSIONS, [room("hall", 12)]))
    assert sorted(topics.labels) == ["track A", "track B", "track C"]
    assert topics.organizer == {0, 1, 2}


def test_a_rerun_keeps_the_subtopics_people_have_seen():
    papers, v = track_field()
    first = run(make_inputs(papers, v))
    late = [paper("late", ["z"], TOPICS[0], given_topic="main")]
    second = run(make_inputs([*papers, *late], v), previous=first)
    before = {pl.paper: first.topics[pl.topic].label for pl in first.placements}
    after = {pl.paper: second.topics[pl.topic].label for pl in second.placements}
    assert all(after[p] == before[p] for p in before)
    assert after["late"].startswith(f"main{AREA_MARK}")

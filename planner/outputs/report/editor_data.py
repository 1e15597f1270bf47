"""The editor's part of ``report.html``'s embedded data: what it needs to judge a move.

Per session and room the boards and usable boards, the sessions at overlapping times,
who is away when, the venue's [[place]] rules and board labels, the figures an edit
changes, and each poster's heaviest TF-IDF terms for the grouping estimate.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from planner.core.ids import canonical_id
from planner.core.text import normalise_name
from planner.outputs.report.fields import CELL_FIELDS, RULE_FIELDS, TERM_FIELDS, record_of
from planner.outputs.report.layout import Layout
from planner.plan.records import Plan
from planner.read.board_labels import board_label
from planner.read.conference import Session


def away(
    plan: Plan, person_index: dict[str, int], of: list[Session] | None = None
) -> dict[str, list[int]]:
    """Person (as the script numbers them) -> the sessions they are away for: the poster
    sessions, or the sessions ``of`` (the talk sessions) as numbered there.

    The venue's [[unavailable]] entries name an author by id, e-mail or name; they
    are matched to the plan's people the way planner verify reads them.
    """
    sessions = {s.id: i for i, s in enumerate(plan.venue.sessions if of is None else of)}
    out: dict[int, set[int]] = defaultdict(set)
    for item in plan.venue.unavailable:
        ref = item.author
        ref_id, ref_mail, ref_name = canonical_id(ref), ref.strip().casefold(), normalise_name(ref)
        for person in plan.people:
            k = person_index.get(person.key)
            if k is None:
                continue
            if (
                ref_id in person.ids
                or ref_mail in (e.casefold() for e in person.emails)
                or (ref_name and normalise_name(person.name) == ref_name)
            ):
                out[k].update(sessions[s] for s in item.sessions if s in sessions)
    return {str(k): sorted(v) for k, v in sorted(out.items())}


def _labels(plan: Plan, layout: Layout) -> list[list[str]] | None:
    """Each room's board labels, when the venue's label pattern is not the plain
    "{prefix}{number}" the script can make by itself."""
    pattern = plan.venue.rules.board_label
    if pattern == "{prefix}{number}":
        return None
    return [
        [
            board_label(r.board_prefix, n, pattern)
            for n in range(1, max([r.boards, *r.boards_by_session.values()]) + 1)
        ]
        for r in layout.rooms
    ]


def _rules(plan: Plan, layout: Layout) -> list[list[Any]]:
    """The venue's [[place]] rules, their rooms and sessions as the script numbers them."""
    return [
        record_of(
            RULE_FIELDS,
            name=rule.name,
            rooms=None
            if rule.rooms is None
            else [layout.room_index[r] for r in rule.rooms if r in layout.room_index],
            sessions=None
            if rule.sessions is None
            else [layout.session_index[s] for s in rule.sessions if s in layout.session_index],
            exclusive=int(rule.exclusive),
        )
        for rule in plan.venue.place
    ]


def _cells(layout: Layout) -> list[list[Any]]:
    """Per session, per room: its boards and usable boards, or 0 where the room is closed."""
    return [
        [
            record_of(CELL_FIELDS, boards=layout.boards(s, r), usable=layout.usable(s, r))
            if layout.boards(s, r)
            else 0
            for r in layout.rooms
        ]
        for s in layout.sessions
    ]


def _overlap(layout: Layout) -> list[list[int]]:
    """Per session, the sessions at overlapping times (itself at least)."""
    sessions = layout.sessions
    return [
        [
            j
            for j, t in enumerate(sessions)
            if s.id not in layout.unknown_sessions
            and t.id not in layout.unknown_sessions
            and s.overlaps(t)
        ]
        or [i]
        for i, s in enumerate(sessions)
    ]


def edit_data(plan: Plan, layout: Layout, person_index: dict[str, int]) -> dict[str, Any]:
    """What the report's editor needs to judge a move before it is made."""
    f = plan.figures
    return {
        "revision": plan.revision,
        "conference": plan.venue.name,
        "sessionIds": [s.id for s in layout.sessions],
        "roomIds": [r.id for r in layout.rooms],
        "prefix": [r.board_prefix for r in layout.rooms],
        "labels": _labels(plan, layout),
        "cells": _cells(layout),
        "overlap": _overlap(layout),
        "away": away(plan, person_index),
        "rules": _rules(plan, layout),
        "bound": f.clash_lower_bound,
        "grouping": f.grouping,
        "sessionGrouping": f.session_grouping,
        "neighbours": f.neighbours,
        "terms": _terms(plan, layout),
    }


TERMS_KEPT = 12  # a poster's heaviest TF-IDF terms: enough to estimate grouping after edits


def _terms(plan: Plan, layout: Layout) -> list[list[int]]:
    """Per poster (board order), its heaviest TF-IDF terms: term records laid end to end.

    The editor estimates how an edit changes topic grouping from these: the
    exact figure needs every term of every poster (megabytes at ICML size),
    and the estimate is scaled so that the unedited plan shows the exact one.
    """
    from planner.topics.build import tfidf_matrix

    papers = plan.paper_by_id
    ids = [pl.paper for pl in layout.order]
    if not ids:
        return []
    texts = []
    for pid in ids:
        paper = papers.get(pid)
        if paper is None:
            texts.append("")
            continue
        words = " ".join(paper.keywords)
        texts.append(f"{paper.title}. {paper.title}. {words}. {paper.abstract}")
    matrix, _ = tfidf_matrix(texts)
    indptr, indices = matrix.indptr, matrix.indices
    # Weights in thousandths: ties are broken by term index, so the bytes never vary.
    weights = np.rint(matrix.data.astype(np.float64) * 1000).astype(np.int64)
    term_id: dict[int, int] = {}
    out = []
    for i in range(matrix.shape[0]):
        lo, hi = indptr[i], indptr[i + 1]
        terms, w = indices[lo:hi], weights[lo:hi]
        keep = np.lexsort((terms, -w))[:TERMS_KEPT]
        flat: list[int] = []
        for k in sorted(keep.tolist(), key=lambda k: int(terms[k])):
            term = term_id.setdefault(int(terms[k]), len(term_id))
            flat += record_of(TERM_FIELDS, term=term, weight=int(w[k]))
        out.append(flat)
    return out

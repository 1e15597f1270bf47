"""Who presents each poster: the presenter named for it, else the venue's policy's pick.

A presenter is named in the venue's ``[presenters]`` table or the paper
list's presenter column, by author id, e-mail or name; one who is not among
the paper's authors is a problem in the file that names them.  The policy
(``rules.presenter``) picks the first or last author otherwise.  A chosen
presenter with more posters than times is relieved later
(planner.people.presenters).
"""

from __future__ import annotations

from planner.core.errors import Problem, Problems
from planner.core.ids import canonical_id
from planner.core.text import normalise_name
from planner.people.author_merge import UnionFind
from planner.read.conference import Paper, Venue


def choose_presenters(
    papers: list[Paper],
    venue: Venue,
    slots: dict[str, list[str]],
    uf: UnionFind,
    problems: Problems,
    papers_source: str | None = None,
) -> dict[str, str]:
    """Paper id -> its presenter's person key: the one named for it, else the policy's pick."""
    policy = venue.rules.presenter
    out: dict[str, str] = {}
    for paper in papers:
        keys = slots[paper.id]
        if not keys:
            continue
        chosen: str | None = None
        ref = venue.presenter_of.get(paper.id) or (
            paper.presenter if policy == "column" or paper.presenter else None
        )
        if ref:
            chosen = _match_on_paper(ref, paper, keys)
            if chosen is None:
                _stray_presenter(ref, paper, venue, problems, papers_source)
        if chosen is None:
            chosen = keys[-1] if policy == "last" else keys[0]
        out[paper.id] = uf.find(chosen)
    return out


def _stray_presenter(
    ref: str, paper: Paper, venue: Venue, problems: Problems, papers_source: str | None
) -> None:
    """Adds the problem of a presenter who is not among the paper's authors."""
    fix = "Give an author id, e-mail or the exact name of one of its authors."
    what = f"presenter '{ref}' is not among the paper's authors"
    if paper.id in venue.presenter_of:
        problems.add(f"[presenters] '{paper.id}'", what, fix)
        return
    # The presenter came from the paper list, so the message names that file.
    unit = "record" if (papers_source or "").lower().endswith(".json") else "row"
    problems.items.append(
        Problem(
            papers_source or problems.file,
            f"{unit} {paper.source_row} (id {paper.id}), field 'presenter'",
            what,
            fix,
        )
    )


def _match_on_paper(ref: str, paper: Paper, keys: list[str]) -> str | None:
    ref_id = canonical_id(ref)
    norm = normalise_name(ref)
    for author, key in zip(paper.authors, keys, strict=True):
        if author.id and author.id == ref_id:
            return key
        if author.email and author.email.casefold() == ref.casefold():
            return key
    for author, key in zip(paper.authors, keys, strict=True):
        if norm and normalise_name(author.name) == norm:
            return key
    return None

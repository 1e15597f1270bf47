"""Sites: a presenter is at one site for the whole conference.

Rule: with several ``[[sites]]`` (planner.read.venue.sites) every session is
at one site, and all the posters one person presents go to sessions at one
site (they travel to San Diego or to Mexico City, not to both).  Which site is
the plan's choice unless pins or ``[[place]]`` rules confine a poster to
one; a presenter whose posters are confined to two sites has handed one over
to a co-author before this (planner.people.presenters.hand_over_sites), and
``planner check`` explains a venue where nobody can (exit 3).

Encoding (stage 1).  ``domains``: a presenter's posters may only take sessions
at the sites every one of them can reach (a poster pinned to Mexico City keeps
its presenter's other posters there), and a speaker's only those at the site
of their talks (``PlanningProblem.talk_sites``: the talks are planned first).
``sessions``: for each presenter whose posters can still go to two or more
sites, one boolean ``y[k, site]`` per site, ``Σ y = 1``, and
``x[p, s] ⇒ y[k, site(s)]`` for each of their posters.
:func:`warm_domains` narrows each such presenter to one site (the one with the
most free boards, presenters with the most posters first) for the warm start
only, so the local search, and the plan it is kept as when the solver gives
no answer, keeps the rule too; CP-SAT itself may choose another site.

Priority: hard.  Without sites (or with one) the rule adds nothing.
"""

from __future__ import annotations

from collections import defaultdict

from constraints.rule import Rule
from planner.model.stage_models import Domains, PlanningProblem, SessionModel

NAME = "sites"


def _site_of(problem: PlanningProblem) -> dict[str, str | None]:
    return {s.id: s.site for s in problem.venue.sessions}


def presented(problem: PlanningProblem) -> dict[str, list[str]]:
    """Presenter key -> the posters they present, in the problem's order."""
    out: dict[str, list[str]] = defaultdict(list)
    for p in problem.papers:
        key = problem.index.presenter.get(p)
        if key is not None:
            out[key].append(p)
    return dict(sorted(out.items()))


def _sites_in(allowed: list[str], site_of: dict[str, str | None]) -> set[str | None]:
    return {site_of[s] for s in allowed}


def domains(problem: PlanningProblem, domains: Domains) -> None:
    if len(problem.venue.sites) < 2:
        return
    site_of = _site_of(problem)
    for key, papers in presented(problem).items():
        # A speaker is at their talk's site: their posters go there too.
        common: set[str | None] | None = problem.talk_sites.get(key)
        for p in papers:
            mine = _sites_in(domains.allowed.get(p, []), site_of)
            common = mine if common is None else common & mine
        if not common:
            continue  # confined to two sites: the prechecks say so before solving
        for p in papers:
            if p in domains.allowed:
                domains.allowed[p] = [s for s in domains.allowed[p] if site_of[s] in common]


def sessions(m: SessionModel) -> None:
    problem = m.problem
    if len(problem.venue.sites) < 2:
        return
    site_of = _site_of(problem)
    index = problem.index
    for key, papers in presented(problem).items():
        cells = [(p, s, var) for p in papers for s, var in m.by_paper.get(p, [])]
        at = sorted({site_of[s] or "" for _, s, _ in cells})
        if len(at) < 2:
            continue
        y = {site: m.model.new_bool_var(f"site[{key},{site}]") for site in at}
        label = index.people[key].label if key in index.people else key
        m.require(
            m.model.add_exactly_one(y.values()),
            f"site {key}",
            NAME,
            f"{label} presents at one site",
        )
        for _, s, var in cells:
            m.require(
                m.model.add_implication(var, y[site_of[s] or ""]),
                f"site {key}",
                NAME,
                f"{label} presents at one site",
            )


def warm_domains(problem: PlanningProblem, domains: Domains) -> Domains:
    """``domains`` with each presenter who could go to several sites kept to one.

    Deterministic: presenters with the most posters choose first, each (on a
    rerun) the site their posters had, else the site where their co-authors
    have the fewest posters so far for its separate times (a co-author's
    posters spread over both sites clash less), then the one with the most
    boards left (ties: the venue's order of sites); a site without boards for
    all their posters is taken last.
    """
    venue = problem.venue
    if len(venue.sites) < 2:
        return domains
    site_of = _site_of(problem)
    order = [s.id for s in venue.sites]
    free = dict.fromkeys(order, 0)
    for s in venue.sessions:
        if s.site in free:
            free[s.site] += venue.session_capacity(s.id)
    times = {site: max(1, len(_times_at(problem, site))) for site in order}
    allowed = dict(domains.allowed)
    crowd: dict[tuple[str, str | None], int] = defaultdict(int)  # (person, site) -> posters
    for p in problem.papers:
        at = _sites_in(allowed.get(p, []), site_of)
        if len(at) == 1:
            (site,) = at
            free[str(site)] = free.get(str(site), 0) - 1
            for k in problem.index.paper_people.get(p, []):
                crowd[k, site] += 1
    groups = sorted(presented(problem).items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for _, papers in groups:
        reach = set.intersection(*(_sites_in(allowed.get(p, []), site_of) for p in papers))
        if len(reach) < 2:
            continue
        people = [k for p in papers for k in problem.index.paper_people.get(p, [])]
        before = {site_of.get(problem.previous[p].session) for p in papers if p in problem.previous}

        def cost(
            site: str,
            people: list[str] = people,
            n: int = len(papers),
            before: set[str | None] = before,
        ) -> tuple[bool, bool, float, int, int]:
            crowded = sum(crowd[k, site] for k in people) / times[site]
            # On a rerun, the site the presenter already had: no poster moves for it.
            moved = bool(before) and before != {site}
            return (free[site] < n, moved, crowded, -free[site], order.index(site))

        site = min((s for s in order if s in reach), key=cost)
        for p in papers:
            allowed[p] = [s for s in allowed[p] if site_of[s] == site]
            free[site] -= 1
            for k in problem.index.paper_people.get(p, []):
                crowd[k, site] += 1
    return domains.narrowed(allowed)


def _times_at(problem: PlanningProblem, site: str) -> list[str]:
    """The separate poster times at one site (its overlap groups)."""
    at = {s.id for s in problem.venue.sessions if s.site == site}
    return [g[0] for g in problem.groups if g and g[0] in at]


RULE: Rule = Rule(NAME, domains=domains, sessions=sessions)

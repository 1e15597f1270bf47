"""Who the authors are: one person per human, whatever ids the export gave them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.core.errors import InputError
from planner.people.affiliations import affiliation_keys
from planner.people.author_slots import Person
from planner.people.authors import AuthorIndex
from planner.people.inputs import Inputs, load

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026"


def person_with_id(index: AuthorIndex, author_id: str) -> Person:
    (person,) = [p for p in index.people.values() if author_id in p.ids]
    return person


def load_example_with(workdir: Path, extra: str) -> Inputs:
    venue = workdir / "venue.toml"
    venue.write_text((EXAMPLE / "venue.toml").read_text(encoding="utf-8") + extra)
    return load(EXAMPLE / "papers.json", venue)


def load_records(workdir: Path, venue_text: str, records: list[dict[str, object]]) -> Inputs:
    (workdir / "papers.json").write_text(json.dumps(records), encoding="utf-8")
    (workdir / "venue.toml").write_text(venue_text, encoding="utf-8")
    return load(workdir)


def paper(pid: int, *authors: tuple[object, str, str | None]) -> dict[str, object]:
    return {
        "id": pid,
        "name": f"Paper {pid}",
        "decision": "Accept",
        "authors": [{"id": i, "fullname": n, "institution": inst} for i, n, inst in authors],
    }


# --------------------------------------------------------------------------- the MLSys list


@pytest.fixture(scope="module")
def mlsys() -> Inputs:
    return load(EXAMPLE)


def test_mlsys_merges_exactly_tri_dao_and_lu_fang(mlsys: Inputs) -> None:
    merges = {(m.name, m.keys, m.reason) for m in mlsys.index.merges}
    assert merges == {
        ("Lu Fang", ("id:21303", "id:27515"), "listed twice on one paper"),
        ("Tri Dao", ("id:18765", "id:27414"), "same name and matching affiliation"),
    }
    tri = person_with_id(mlsys.index, "18765")
    assert sorted(tri.ids) == ["18765", "27414"]
    assert sorted(tri.papers) == ["3543", "3547"]
    assert sorted(tri.institutions) == [
        "Princeton University, Together AI",
        "Princeton, TogetherAI",
    ]
    lu = person_with_id(mlsys.index, "21303")
    assert sorted(lu.ids) == ["21303", "27515"]
    assert lu.papers == ["3557"]  # one poster, not two slots of it


def test_lu_fang_stands_once_on_the_paper_listing_him_twice(mlsys: Inputs) -> None:
    record = next(p for p in mlsys.accepted if p.id == "3557")
    people = mlsys.index.paper_people["3557"]
    assert len(people) == len(record.authors) - 1
    assert len(set(people)) == len(people)


@pytest.mark.parametrize(
    ("name", "a", "b"),
    [
        ("Yu Wang", "11105", "17647"),  # Harvard / Tsinghua
        ("Jun Wang", "27471", "26288"),  # ByteDance / UCF
        ("Zirui Wang", "27405", "27945"),  # Virginia / Google DeepMind
    ],
)
def test_mlsys_namesakes_stay_apart(mlsys: Inputs, name: str, a: str, b: str) -> None:
    first, second = person_with_id(mlsys.index, a), person_with_id(mlsys.index, b)
    assert first.key != second.key
    assert first.name == second.name == name
    assert first.ids == [a]
    assert second.ids == [b]
    assert sum(1 for p in mlsys.index.people.values() if p.name == name) == 2


def test_mlsys_people_counts(mlsys: Inputs) -> None:
    index = mlsys.index
    slots = sum(len(p.authors) for p in mlsys.accepted)
    assert slots == 1185
    assert len(index.people) == 1091
    # Unnamed authors are never merged by (empty) name: each id stays its own person.
    unnamed = [p for p in index.people.values() if p.name.startswith("(unnamed")]
    assert len(unnamed) == len({a.id for p in mlsys.accepted for a in p.authors if not a.name})
    assert index.people["id:27778"].name == "(unnamed author 27778)"
    stoica = person_with_id(index, "11118")
    assert (stoica.label, len(stoica.papers)) == ("Ion Stoica (11118)", 5)
    assert [p.name for p in index.with_papers(5)] == ["Ion Stoica"]


def test_venue_can_keep_tri_dao_apart(workdir: Path) -> None:
    inputs = load_example_with(workdir, '\n[authors]\ndifferent = [["18765", "27414"]]\n')
    assert [m.name for m in inputs.index.merges] == ["Lu Fang"]
    assert person_with_id(inputs.index, "18765").papers == ["3543"]
    assert person_with_id(inputs.index, "27414").papers == ["3547"]
    assert len(inputs.index.people) == 1092


def test_venue_can_merge_namesakes(workdir: Path) -> None:
    inputs = load_example_with(workdir, '\n[authors]\nsame = [["11105", "17647"]]\n')
    yu = person_with_id(inputs.index, "11105")
    assert sorted(yu.ids) == ["11105", "17647"]
    assert sorted(yu.papers) == ["3511", "3551", "3575"]
    forced = [m for m in inputs.index.merges if m.reason == "venue [authors] same"]
    assert [(m.name, m.keys) for m in forced] == [("Yu Wang", ("id:11105", "id:17647"))]
    assert len(inputs.index.people) == 1090


def test_venue_merge_by_name_and_id(workdir: Path) -> None:
    inputs = load_example_with(workdir, '\n[authors]\nsame = [["Guanliang Liu", "21189"]]\n')
    person = person_with_id(inputs.index, "27162")
    assert sorted(person.ids) == ["21189", "27162"]
    assert person.papers == ["3608"]
    assert [(m.name, m.keys) for m in inputs.index.merges if m.reason.startswith("venue")] == [
        ("Guanliang Liu", ("id:21189", "id:27162"))
    ]


def test_venue_override_naming_nobody(workdir: Path) -> None:
    with pytest.raises(InputError) as info:
        load_example_with(workdir, '\n[authors]\nsame = [["Nobody Atall", "21189"]]\n')
    assert str(info.value) == (
        "venue.toml: [authors] same #1: no author 'Nobody Atall' on an accepted paper. "
        "Use an author id from the paper list."
    )


def test_unavailability_by_an_ambiguous_name(workdir: Path) -> None:
    with pytest.raises(InputError) as info:
        load_example_with(
            workdir, '\n[[unavailable]]\nauthor = "Yu Wang"\nsessions = ["tue-eve"]\n'
        )
    assert str(info.value) == (
        "venue.toml: [[unavailable]] #1: 'Yu Wang' matches 2 different people. "
        "Use the author's id instead of the name."
    )


def test_unavailability_reaches_the_merged_person(workdir: Path) -> None:
    inputs = load_example_with(
        workdir, '\n[[unavailable]]\nauthor = "27414"\nsessions = ["tue-eve", "wed-aft"]\n'
    )
    tri = person_with_id(inputs.index, "27414")
    assert inputs.index.unavailable == {tri.key: {"tue-eve", "wed-aft"}}


# --------------------------------------------------------------------------- names only


def test_name_only_authors_are_keyed_by_normalised_name(tiny: Path) -> None:
    index = load(tiny).index
    carl = index.people["name:carl zed"]
    assert carl.name == "Carl Zed"
    assert carl.ids == []
    assert carl.papers == ["102", "103"]
    # An empty name with no id is a person of its own, on that paper only.
    assert index.people["anon:103:1"].name == "(unnamed author)"
    assert index.people["id:9"].name == "(unnamed author 9)"
    assert len(index.people) == 5


def test_name_only_entry_joins_the_one_person_of_that_name(workdir: Path, base_venue: str) -> None:
    inputs = load_records(
        workdir,
        base_venue,
        [
            paper(1, (5, "Ann Lee", "MIT")),
            paper(2, (None, "ANN LEE", "MIT"), (None, "Bob Roe", None)),
            paper(3, (None, "Ann  Lée", None)),
        ],
    )
    ann = inputs.index.people["id:5"]
    assert ann.papers == ["1", "2", "3"]
    assert [(m.keys, m.reason) for m in inputs.index.merges] == [
        (("id:5", "name:ann lee"), "name-only entry, one person of that name")
    ]


def test_name_only_entry_with_another_affiliation_stays_apart(
    workdir: Path, base_venue: str
) -> None:
    inputs = load_records(
        workdir, base_venue, [paper(1, (5, "Ann Lee", "MIT")), paper(2, (None, "Ann Lee", "ETH"))]
    )
    assert inputs.index.people["id:5"].papers == ["1"]
    assert inputs.index.people["name:ann lee"].papers == ["2"]
    assert inputs.index.merges == []


def test_name_only_entry_with_two_people_of_that_name_stays_apart(
    workdir: Path, base_venue: str
) -> None:
    inputs = load_records(
        workdir,
        base_venue,
        [
            paper(1, (5, "Ann Lee", "MIT")),
            paper(2, (6, "Ann Lee", "ETH")),
            paper(3, (None, "Ann Lee", None)),
        ],
    )
    assert len(inputs.index.people) == 3
    assert inputs.index.merges == []


def test_same_name_and_a_shared_coauthor(workdir: Path, base_venue: str) -> None:
    inputs = load_records(
        workdir,
        base_venue,
        [
            paper(1, (5, "Ann Lee", "MIT"), (7, "Bob Roe", "CMU")),
            paper(2, (6, "Ann Lee", None), (7, "Bob Roe", "CMU")),
            paper(3, (8, "Ann Lee", "ETH"), (9, "Cy Doe", None)),
        ],
    )
    assert [(m.keys, m.reason) for m in inputs.index.merges] == [
        (("id:5", "id:6"), "same name and a shared co-author")
    ]
    assert inputs.index.people["id:8"].papers == ["3"]


def test_authors_keyed_by_email_when_there_is_no_id(workdir: Path, base_venue: str) -> None:
    (workdir / "papers.csv").write_text(
        "Paper ID,Title,Authors,Author Emails\n"
        '1,One,"Ann Lee; Bob Roe","ann@x.org; bob@x.org"\n'
        '2,Two,"A. Lee","ANN@X.ORG"\n'
        '3,Three,"Bob Roe","other-bob@y.org"\n',
        encoding="utf-8",
    )
    (workdir / "venue.toml").write_text(base_venue, encoding="utf-8")
    index = load(workdir / "papers.csv").index
    assert index.people["email:ann@x.org"].papers == ["1", "2"]
    assert index.people["email:ann@x.org"].name == "Ann Lee"
    assert index.people["email:bob@x.org"].papers == ["1"]
    assert index.people["email:other-bob@y.org"].papers == ["3"]


def test_affiliation_keys() -> None:
    assert affiliation_keys("Princeton University, Together AI") == {"princetontogetherai"}
    assert affiliation_keys("University of Virginia & Google") == {"virginia", "google"}
    assert affiliation_keys(None) == set()


# --------------------------------------------------------------------------- presenters

PRESENTER_CSV = (
    "id,title,authors,author ids,author emails,presenter\n"
    '1,One,"Ann Lee; Bob Roe","1;2","ann@x.org;bob@x.org",Bob Roe\n'
    '2,Two,"Ann Lee; Bob Roe","1;2","ann@x.org;bob@x.org",BOB@x.org\n'
    '3,Three,"Ann Lee; Bob Roe","1;2","ann@x.org;bob@x.org",2.0\n'
    '4,Four,"Ann Lee; Bob Roe","1;2","ann@x.org;bob@x.org",\n'
)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("first", {"101": "id:1", "102": "id:1", "103": "name:carl zed"}),
        ("last", {"101": "id:2", "102": "id:9", "103": "anon:103:1"}),
        ("column", {"101": "id:1", "102": "id:1", "103": "name:carl zed"}),
    ],
)
def test_presenter_policy(tiny: Path, policy: str, expected: dict[str, str]) -> None:
    with (tiny / "venue.toml").open("a") as venue:
        venue.write(f'presenter = "{policy}"\n')
    assert load(tiny).index.presenter == expected


def test_presenter_column_by_name_email_or_id(workdir: Path, base_venue: str) -> None:
    (workdir / "papers.csv").write_text(PRESENTER_CSV, encoding="utf-8")
    (workdir / "venue.toml").write_text(base_venue + '\n[rules]\npresenter = "column"\n')
    index = load(workdir / "papers.csv").index
    # The column names Bob for papers 1-3, but two sessions let him present two:
    # the surplus (the highest id) goes to his co-author.
    assert index.presenter == {"1": "id:2", "2": "id:2", "3": "id:1", "4": "id:1"}
    assert [(h.paper, h.original, h.presenter) for h in index.handovers] == [("3", "id:2", "id:1")]


def test_presenters_table_overrides_policy_and_column(workdir: Path, base_venue: str) -> None:
    (workdir / "papers.csv").write_text(PRESENTER_CSV, encoding="utf-8")
    (workdir / "venue.toml").write_text(
        base_venue
        + '\n[rules]\npresenter = "last"\n\n[presenters]\n1 = "Ann Lee"\n4 = "ann@x.org"\n'
    )
    presenter = load(workdir / "papers.csv").index.presenter
    assert presenter == {"1": "id:1", "2": "id:2", "3": "id:2", "4": "id:1"}


def test_presenters_table_can_name_an_unnamed_author_by_id(tiny: Path) -> None:
    with (tiny / "venue.toml").open("a") as venue:
        venue.write('\n[presenters]\n102 = "9"\n')
    assert load(tiny).index.presenter["102"] == "id:9"


def test_presenter_who_is_not_an_author_of_the_paper(tiny: Path) -> None:
    with (tiny / "venue.toml").open("a") as venue:
        venue.write('\n[presenters]\n101 = "Carl Zed"\n')
    with pytest.raises(InputError) as info:
        load(tiny)
    assert str(info.value) == (
        "tiny/venue.toml: [presenters] '101': presenter 'Carl Zed' is not among the paper's "
        "authors. Give an author id, e-mail or the exact name of one of its authors."
    )


def test_presenter_column_naming_a_stranger_names_the_paper_list(
    workdir: Path, base_venue: str, expect_input_error: Callable[..., str]
) -> None:
    (workdir / "papers.csv").write_text(
        PRESENTER_CSV.replace(",Bob Roe\n", ",Nobody Here\n"), encoding="utf-8"
    )
    (workdir / "venue.toml").write_text(base_venue)
    expect_input_error(
        ["papers.csv"],
        "error: papers.csv: row 2 (id 1), field 'presenter': presenter 'Nobody Here' is not "
        "among the paper's authors.",
    )


def test_build_index_without_a_problem_list_raises(tiny: Path) -> None:
    from planner.people.authors import build_index

    inputs = load(tiny)
    venue = inputs.venue.model_copy(update={"presenter_of": {"101": "Carl Zed"}})
    with pytest.raises(InputError, match="presenter 'Carl Zed' is not among"):
        build_index(inputs.accepted, venue)

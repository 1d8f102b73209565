"""Search by code, name or address: what people look up, safe against Lucene syntax in the text, and
persons found by name only by the roles that see names."""

from __future__ import annotations

import neo4j
import pytest

from api import ids
from graph.scope import Viewer
from graph.search import lucene_query

SEARCH = """
query ($text: String!, $kinds: [SearchKind!], $first: Int) {
  search(text: $text, kinds: $kinds, first: $first) { kind label score exactCode node { id } }
}"""


def _hits(run, text: str, kinds: list[str] | None = None, first: int | None = None, viewer=None) -> list[dict]:
    variables = {"text": text, "kinds": kinds, "first": first or 20}
    if viewer is None:
        body = run(SEARCH, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]["search"]
    result = run(SEARCH, variables, viewer)
    assert result.errors is None, result.errors
    return result.data["search"]


def _code(hit: dict) -> str:
    return ids.decode(hit["node"]["id"])[1]


def _person(db: neo4j.Driver, code: str) -> dict:
    records, _, _ = db.execute_query("MATCH (p:Person {code: $code}) RETURN p.name AS name", code=code)
    return {"code": code, "name": records[0]["name"]}


def test_a_compound_is_found_by_its_name(gql, ground_truth) -> None:
    fule = ground_truth["namedCompounds"]["福乐小区"]
    hits = _hits(gql, "福乐小区", ["COMPOUND"])
    assert _code(hits[0]) == fule
    assert hits[0]["label"] == "福乐小区"
    assert {h["kind"] for h in hits} == {"COMPOUND"}
    assert fule in {_code(h) for h in _hits(gql, "福乐")}, "part of the name is enough"


def test_a_household_is_found_by_part_of_its_address(gql, ground_truth, db) -> None:
    household = ground_truth["samples"]["fullChain"]["household"]
    records, _, _ = db.execute_query(
        "MATCH (h:Household {code: $code})-[:PART_OF*2]->(c:Compound) RETURN h.address AS address, c.name AS compound",
        code=household,
    )
    address, compound = records[0]["address"], records[0]["compound"]
    # The compound's name and the building/room part after it: two words, both must match.
    text = f"{compound} {address.split(compound, 1)[1]}"
    hits = _hits(gql, text, ["HOUSEHOLD"])
    assert [_code(h) for h in hits] == [household]
    assert hits[0]["label"] == address


def test_an_exact_code_comes_first(gql, ground_truth) -> None:
    fule = ground_truth["namedCompounds"]["福乐小区"]
    hits = _hits(gql, fule.lower())
    assert _code(hits[0]) == fule and hits[0]["exactCode"] is True
    assert not any(h["exactCode"] for h in hits[1:])


@pytest.mark.parametrize("text", ['福乐" OR *:*', "福乐 AND", "福乐~ 小区", "福乐 -小区", "(福乐)"])
def test_lucene_syntax_around_words_is_matched_literally(gql, text: str) -> None:
    hits = _hits(gql, text, first=100)
    # Nothing matches everything: every hit carries the one real word typed.
    assert hits
    assert all("福乐" in h["label"] for h in hits), [h["label"] for h in hits]


@pytest.mark.parametrize("text", ["*:*", '"', "\\", ")(", "NOT OR AND", "*", "?:?", "[* TO *]", "a:b/c"])
def test_text_that_is_only_lucene_syntax_finds_nothing(gql, text: str) -> None:
    assert _hits(gql, text) == []


def test_the_lucene_query_quotes_every_word() -> None:
    assert lucene_query('福乐" OR *:*') == '"福乐\\"" AND "OR" AND "*:*"'
    assert lucene_query("a\\b") == '"a\\\\b"'
    assert lucene_query("   ") is None


def test_kinds_limit_what_is_searched(gql) -> None:
    hits = _hits(gql, "福乐", ["PARTY_ORGANIZATION"])
    assert hits and {h["kind"] for h in hits} == {"PARTY_ORGANIZATION"}
    assert all("福乐" in h["label"] for h in hits)
    assert _hits(gql, "福乐", []) == [], "no kind asked for, nothing found"


def test_persons_are_found_by_name_only_by_roles_that_see_names(gql, execute, ground_truth, db) -> None:
    person = _person(db, ground_truth["samples"]["fullChain"]["buildingLeader"])

    county = _hits(execute, person["name"], ["PERSON"], 100, Viewer.county())
    assert person["code"] in {_code(h) for h in county}
    assert {h["label"] for h in county if _code(h) == person["code"]} == {person["name"]}

    analyst = Viewer.analyst()
    assert _hits(execute, person["name"], ["PERSON"], viewer=analyst) == [], "an analyst cannot probe names"
    (by_code,) = _hits(execute, person["code"], ["PERSON"], viewer=analyst)
    assert by_code["label"] == person["name"][0] + "*" * (len(person["name"]) - 1)


def test_bad_arguments_are_named(gql) -> None:
    for variables, argument in (
        ({"text": "  "}, "text"),
        ({"text": "x" * 101}, "text"),
        ({"text": "福乐", "first": 0}, "first"),
    ):
        body = gql(SEARCH, variables)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["argument"] == argument

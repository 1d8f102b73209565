"""Queues that show what is late: wishes, matters and milestones overdue or due soon on a day, against the sets the
ground truth computes from the generator's rows (graph/rules.py's deadline rule); their lists by several statuses
and by due day; the data they rest on; instants shown with the county's offset."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import neo4j

from graph.driver import count_queries

LISTS = {
    "wishes": "wishes(overdue: $overdue, dueSoon: $dueSoon, asOf: $asOf, first: 100, after: $after)",
    "matters": "matters(overdue: $overdue, dueSoon: $dueSoon, asOf: $asOf, first: 100, after: $after)",
    "milestones": "milestones(overdue: $overdue, dueSoon: $dueSoon, asOf: $asOf, first: 100, after: $after)",
}


def read(gql, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def _codes(gql, field: str, **variables: Any) -> tuple[list[str], int]:
    query = f"""query ($overdue: Boolean, $dueSoon: Boolean, $asOf: Date, $after: String) {{
      {LISTS[field]} {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ code }} }} }}"""
    codes: list[str] = []
    after = None
    total = 0
    while True:
        page = read(gql, query, **variables, after=after)[field]
        total = page["totalCount"] if after is None else total
        codes += [n["code"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return codes, total
        after = page["pageInfo"]["endCursor"]


def test_overdue_and_due_soon_lists_on_two_days(gql, ground_truth) -> None:
    queues = ground_truth["queues"]
    assert len(queues) == 2
    for day, expected in queues.items():
        for field in LISTS:
            for key in ("overdue", "dueSoon"):
                variables = {key: True}
                codes, total = _codes(gql, field, asOf=day, **variables)
                assert codes == expected[key][field], (day, field, key)
                assert total == len(codes)
    # The planted late items: open wishes and matters past their day, a project running late; and the queue moves
    # between the two days.
    days = sorted(queues)
    for field in LISTS:
        assert queues[days[-1]]["overdue"][field], field
    assert queues[days[0]]["overdue"]["wishes"] != queues[days[1]]["overdue"]["wishes"]
    assert set(queues[days[0]]["dueSoon"]["milestones"]) <= set(queues[days[1]]["overdue"]["milestones"])


def test_each_item_says_whether_it_is_overdue_in_one_query(execute, ground_truth) -> None:
    for day, expected in ground_truth["queues"].items():
        for field in LISTS:
            query = f"""query ($asOf: Date, $first: Int, $after: String) {{ {field}(first: $first, after: $after) {{
                pageInfo {{ hasNextPage endCursor }} nodes {{ code overdue(asOf: $asOf) dueSoon(asOf: $asOf) }} }} }}"""
            nodes: list[dict[str, Any]] = []
            trips = set()
            after = None
            while True:
                with count_queries() as counter:
                    result = execute(query, {"asOf": day, "first": 100 if after else 5, "after": after})
                assert result.errors is None, result.errors
                trips.add(counter.count)
                page = result.data[field]
                nodes += page["nodes"]
                if not page["pageInfo"]["hasNextPage"]:
                    break
                after = page["pageInfo"]["endCursor"]
            assert len(trips) == 1, trips  # the same for 5 items or 100: one query for every item's deadline
            assert sorted(n["code"] for n in nodes if n["overdue"]) == expected["overdue"][field], (day, field)
            assert sorted(n["code"] for n in nodes if n["dueSoon"]) == expected["dueSoon"][field], (day, field)


def test_a_list_of_statuses_and_the_single_status_of_old(gql, ground_truth) -> None:
    by_status = ground_truth["figures"]["wishesByStatus"]
    both = read(gql, "{ wishes(statuses: [SUBMITTED, ACCEPTED], first: 1) { totalCount } }")["wishes"]["totalCount"]
    assert both == by_status["SUBMITTED"] + by_status["ACCEPTED"]
    # A single value is a list of one; the deprecated single status still works.
    one = read(gql, "{ wishes(statuses: CLAIMED, first: 1) { totalCount } }")["wishes"]["totalCount"]
    old = read(gql, "query ($s: WishStatus) { wishes(status: $s, first: 1) { totalCount } }", s="CLAIMED")
    assert one == old["wishes"]["totalCount"] == by_status["CLAIMED"]
    open_late = read(
        gql,
        "query ($asOf: Date) { wishes(statuses: [ACCEPTED, CLAIMED], overdue: true, asOf: $asOf) { nodes { code } } }",
        asOf=ground_truth["referenceDate"],
    )["wishes"]["nodes"]
    assert [w["code"] for w in open_late] == ground_truth["queues"][ground_truth["referenceDate"]]["overdue"]["wishes"]
    settled = read(gql, "{ matters(steps: [DONE], first: 1) { totalCount } }")["matters"]["totalCount"]
    assert settled == sum(ground_truth["figures"]["settledMattersByKind"].values())
    still = read(gql, "{ matters(steps: [DELIBERATE, SORT_OUT, EVALUATE, CARRY_OUT], first: 1) { totalCount } }")
    assert still["matters"]["totalCount"] == sum(ground_truth["figures"]["openMattersByKind"].values())


def test_queues_by_due_day(gql, ground_truth) -> None:
    query = """query ($after: String) { wishes(orderBy: DUE_DATE, first: 7, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { code expectedBy } } }"""
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = read(gql, query, after=after)["wishes"]
        seen += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == sum(ground_truth["figures"]["wishesByStatus"].values())
    key = [(w["expectedBy"] or "9999-12-31", w["code"]) for w in seen]
    assert key == sorted(key)
    assert seen[0]["expectedBy"] is not None and seen[-1]["expectedBy"] is None
    late = read(
        gql,
        "query ($asOf: Date) { matters(overdue: true, asOf: $asOf, orderBy: DUE_DATE) { nodes { code dueOn } } }",
        asOf=ground_truth["referenceDate"],
    )["matters"]["nodes"]
    assert [m["dueOn"] for m in late] == sorted(m["dueOn"] for m in late)
    assert (
        sorted(m["code"] for m in late) == ground_truth["queues"][ground_truth["referenceDate"]]["overdue"]["matters"]
    )


def test_the_data_the_queues_rest_on(db: neo4j.Driver) -> None:
    def value(query: str) -> Any:
        return db.execute_query(query).records[0][0]

    # An expected day is set when a wish is accepted: never on one that was not.
    assert (
        value(
            "MATCH (w:Wish) WHERE (w.expectedBy IS NOT NULL) "
            "<> EXISTS { (w)<-[:OF]-(:WishEvent {status: 'ACCEPTED'}) } RETURN count(w)"
        )
        == 0
    )
    assert value("MATCH (w:Wish {status: 'SUBMITTED'}) WHERE w.expectedBy IS NOT NULL RETURN count(w)") == 0
    # Every micro-project has a planned start, not after its actual one; every matter a due day.
    assert (
        value("MATCH (m:MicroProject) WHERE m.plannedStartOn IS NULL OR m.plannedStartOn > m.startedOn RETURN count(m)")
        == 0
    )
    assert value("MATCH (m:Matter) WHERE m.dueOn IS NULL OR m.dueOn < m.raisedOn RETURN count(m)") == 0


def test_instants_carry_the_countys_offset(gql, db: neo4j.Driver, ground_truth) -> None:
    code = ground_truth["samples"]["wishByStatus"]["FULFILLED"]
    stored = db.execute_query("MATCH (w:Wish {code: $code}) RETURN w.submittedAt AS at", code=code).records[0]["at"]
    shown = read(gql, "query ($code: String!) { byCode(code: $code) { ... on Wish { submittedAt history { at } } } }",
                 code=code)["byCode"]  # fmt: skip
    assert shown["submittedAt"].endswith("+08:00")
    assert datetime.fromisoformat(shown["submittedAt"]) == stored.to_native()
    assert all(event["at"].endswith("+08:00") for event in shown["history"])

"""Services and support: the three micro, venues, grants, commendations and the task force, checked against
the figures the data set planted (DOMAIN.md's numbers) and navigated in both directions."""

from __future__ import annotations

from api.ids import encode
from graph.driver import count_queries
from graph.scope import Role, Viewer

SUMMARY = """{
  threeMicroSummary {
    fulfilledWishes greeningSites plants lights upgradedVenues serviceRecords commendations
    microProjects { kind count }
    matters { kind settled open }
  }
}"""


def _all(gql, field: str, selection: str, first: int, **arguments) -> list[dict]:
    """Every node of a root connection, page by page."""
    query = f"""query ($first: Int, $after: String) {{
      {field}(first: $first, after: $after{"".join(f", {k}: {v}" for k, v in arguments.items())}) {{
        totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {selection} }}
      }}
    }}"""
    nodes: list[dict] = []
    after = None
    while True:
        body = gql(query, {"first": first, "after": after})
        assert "errors" not in body, body["errors"]
        page = body["data"][field]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            assert len(nodes) == page["totalCount"]
            return nodes
        after = page["pageInfo"]["endCursor"]


def test_the_three_micro_summary_gives_the_case_figures_in_one_request(execute, ground_truth) -> None:
    figures = ground_truth["figures"]
    with count_queries() as counter:
        result = execute(SUMMARY)
    assert result.errors is None, result.errors
    summary = result.data["threeMicroSummary"]

    projects = {p["kind"]: p["count"] for p in summary["microProjects"]}
    assert projects == figures["microProjectsByKind"]
    assert projects["FACILITY"] == 8 and projects["RENOVATION"] == 6
    assert summary["greeningSites"] == figures["microProjectsByKind"]["GREENING"] == 42
    assert summary["plants"] == figures["greeningPlants"] >= 3900
    assert summary["lights"] == figures["lightingLights"] >= 300
    assert summary["upgradedVenues"] == figures["upgradedVenues"] == 37
    assert summary["serviceRecords"] == figures["serviceRecords"] >= 400
    assert summary["commendations"] == figures["commendations"] == 21
    assert summary["fulfilledWishes"] == figures["wishesByStatus"]["FULFILLED"] >= 60

    settled = {m["kind"]: m["settled"] for m in summary["matters"]}
    still_open = {m["kind"]: m["open"] for m in summary["matters"]}
    assert settled == figures["settledMattersByKind"]
    assert still_open == figures["openMattersByKind"]
    assert settled["GOVERNANCE"] >= 50 and settled["DISPUTE"] >= 20 and settled["ILLEGAL_STRUCTURE"] >= 50

    # The scope, then one query of counts.
    assert counter.count == 2


def test_the_summary_of_a_community_is_its_share_of_the_county(gql, ground_truth) -> None:
    communities = sorted(ground_truth["coverage"]["communities"])
    query = "query ($scope: ID) { threeMicroSummary(scope: $scope) { serviceRecords upgradedVenues commendations } }"
    parts = [gql(query, {"scope": encode("Community", code)})["data"]["threeMicroSummary"] for code in communities]
    county = gql(query)["data"]["threeMicroSummary"]
    for key in ("serviceRecords", "commendations"):
        assert sum(p[key] for p in parts) == county[key]
    assert all(p["serviceRecords"] > 0 for p in parts)


def test_the_named_facility_projects_stand_where_the_case_says(gql, ground_truth) -> None:
    projects = _all(gql, "microProjects", "code name kind at { __typename code }", 3, kind="FACILITY")
    assert len(projects) == 8
    at = {p["code"]: p["at"] for p in projects}
    for name, code in ground_truth["namedProjects"].items():
        compound = name.removesuffix("加装电梯").removesuffix("增装充电桩")
        assert at[code] == {"__typename": "Compound", "code": ground_truth["namedCompounds"][compound]}


def test_a_micro_project_and_its_compound_unit_and_owner_list_each_other(gql) -> None:
    # Pages of 10: each project asks for four lists of projects, too much for the cost limit in one page of 100.
    query = """query ($after: String) {
      microProjects(first: 10, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          code
          owner { code microProjects(first: 40) { nodes { code } } }
          coordinatingUnits { code microProjects(first: 40) { nodes { code } } }
          at { ... on Compound { microProjects { nodes { code } } } ... on Area { microProjects { nodes { code } } } }
          milestones { dueOn project { code } }
        }
      }
    }"""
    projects: list[dict] = []
    after = None
    while True:
        body = gql(query, {"after": after})
        assert "errors" not in body, body["errors"]
        page = body["data"]["microProjects"]
        projects += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(projects) == page["totalCount"] > 10
    for p in projects:
        assert p["code"] in {x["code"] for x in p["owner"]["microProjects"]["nodes"]}
        assert p["coordinatingUnits"]
        for unit in p["coordinatingUnits"]:
            assert p["code"] in {x["code"] for x in unit["microProjects"]["nodes"]}
        assert p["code"] in {x["code"] for x in p["at"]["microProjects"]["nodes"]}
        assert p["milestones"]
        assert {m["project"]["code"] for m in p["milestones"]} == {p["code"]}
        due = [m["dueOn"] for m in p["milestones"]]
        assert due == sorted(due)


def test_paging_service_records_returns_each_exactly_once(gql, ground_truth) -> None:
    figures = ground_truth["figures"]
    for first in (37, 100):
        codes = [r["code"] for r in _all(gql, "serviceRecords", "code", first)]
        assert len(codes) == len(set(codes)) == figures["serviceRecords"]
        assert codes == sorted(codes)
    for kind, count in figures["serviceRecordsByKind"].items():
        assert len(_all(gql, "serviceRecords", "kind", 100, kind=kind)) == count


def test_a_service_record_is_listed_by_its_giver_and_its_household(gql) -> None:
    query = """{
      serviceRecords(first: 50) {
        nodes {
          code servedOn method
          by { code serviceRecords(first: 40) { totalCount nodes { code } } }
          for { code serviceRecords(first: 40) { totalCount nodes { code } } }
        }
      }
    }"""
    body = gql(query)
    assert "errors" not in body, body["errors"]
    for record in body["data"]["serviceRecords"]["nodes"]:
        assert record["method"]
        for side in ("by", "for"):
            listed = record[side]["serviceRecords"]
            assert record["code"] in {r["code"] for r in listed["nodes"]}
            assert listed["totalCount"] == len(listed["nodes"])


def test_where_the_money_went(gql, ground_truth) -> None:
    figures = ground_truth["figures"]
    grids = figures["grids"]
    body = gql("""{
      fundsSummary(year: 2026) { year grants amountYuan byKind { kind grants organizations amountYuan } }
      grants(year: 2026, first: 100) { totalCount nodes {
        code kind amountYuan disbursedOn to { code kind grants { nodes { code } } } from { code } } }
    }""")
    assert "errors" not in body, body["errors"]
    summary = body["data"]["fundsSummary"]
    by_kind = {k["kind"]: k for k in summary["byKind"]}
    for kind, planted in figures["grants"].items():
        assert by_kind[kind]["grants"] == planted["count"] == grids
        assert by_kind[kind]["amountYuan"] == planted["totalYuan"]
        assert by_kind[kind]["organizations"] == grids
    assert by_kind["WORKING_FUNDS"]["amountYuan"] == grids * 10_000
    assert by_kind["PARTY_FEE_SUBSIDY"]["amountYuan"] == grids * 5_000 == 95_000
    assert summary["amountYuan"] == sum(p["totalYuan"] for p in figures["grants"].values())

    grants = body["data"]["grants"]["nodes"]
    assert len(grants) == body["data"]["grants"]["totalCount"] == summary["grants"]
    for grant in grants:
        assert grant["to"]["kind"] == "GRID_BRANCH"
        assert grant["code"] in {g["code"] for g in grant["to"]["grants"]["nodes"]}
        assert grant["from"] is not None
    # The Party-fee subsidy was paid in early March.
    subsidy_days = {g["disbursedOn"] for g in grants if g["kind"] == "PARTY_FEE_SUBSIDY"}
    assert all(day.startswith("2026-03-0") for day in subsidy_days)


def test_the_funds_of_a_community_are_its_grids_share(gql, ground_truth) -> None:
    query = "query ($scope: ID) { fundsSummary(scope: $scope) { grants amountYuan } }"
    for code, coverage in ground_truth["coverage"]["communities"].items():
        summary = gql(query, {"scope": encode("Community", code)})["data"]["fundsSummary"]
        assert summary["grants"] == 2 * coverage["grids"]
        assert summary["amountYuan"] == 15_000 * coverage["grids"]


def test_the_task_force_and_its_departments(gql, ground_truth) -> None:
    body = gql("""{
      taskForce {
        code head { code }
        departments { role duty unit { code taskForceRole { role duty taskForce { code } } } }
      }
    }""")
    assert "errors" not in body, body["errors"]
    task_force = body["data"]["taskForce"]
    assert task_force["head"]["code"] == ground_truth["samples"]["taskForceHead"]
    departments = task_force["departments"]
    assert len(departments) == ground_truth["figures"]["taskForceDepartments"]
    assert [d["role"] for d in departments] == ["LEAD"] + ["MEMBER"] * (len(departments) - 1)
    for d in departments:
        assert d["duty"]
        assert d["unit"]["taskForceRole"] == {
            "role": d["role"],
            "duty": d["duty"],
            "taskForce": {"code": task_force["code"]},
        }


def test_a_venue_and_the_places_it_serves_list_each_other(gql, ground_truth) -> None:
    body = gql("""{
      venues {
        code upgraded
        serves { __typename ... on Compound { code venues { code } } ... on Grid { code venues { code } } }
        runBy { code venues { code } }
      }
    }""")
    assert "errors" not in body, body["errors"]
    venues = body["data"]["venues"]
    assert len(venues) == ground_truth["figures"]["venues"]
    for venue in venues:
        assert venue["serves"]
        for place in venue["serves"]:
            assert venue["code"] in {v["code"] for v in place["venues"]}
        assert venue["code"] in {v["code"] for v in venue["runBy"]["venues"]}


def test_a_compound_has_a_venue_exactly_when_the_ground_truth_says(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    body = gql(
        """query ($day: Date) { compounds(first: 100, asOf: $day) { nodes {
             code venues(asOf: $day) { code } selfGovernanceBodies(asOf: $day) { code }
             deliberationPlatforms(asOf: $day) { code } } } }""",
        {"day": day},
    )
    assert "errors" not in body, body["errors"]
    compounds = body["data"]["compounds"]["nodes"]
    assert len(compounds) == ground_truth["figures"]["compounds"]
    for c in compounds:
        criteria = ground_truth["fiveHaves"][c["code"]]["criteria"]
        assert bool(c["venues"]) == criteria["VENUE"], c["code"]
        assert (bool(c["selfGovernanceBodies"]) and bool(c["deliberationPlatforms"])) == criteria["MECHANISM"], c[
            "code"
        ]


def test_the_forces_of_a_compound(gql, ground_truth) -> None:
    chain = ground_truth["samples"]["fullChain"]
    body = gql(
        """query ($day: Date, $code: String!) { byCode(code: $code) { ... on Compound {
             units(asOf: $day) { code } policeOfficers(asOf: $day) { code } volunteerTeams(asOf: $day) { code }
           } } }""",
        {"day": ground_truth["referenceDate"], "code": chain["compound"]},
    )
    compound = body["data"]["byCode"]
    assert set(chain["pairedUnits"]) <= {u["code"] for u in compound["units"]}
    assert chain["policeOfficer"] in {p["code"] for p in compound["policeOfficers"]}
    # Compounds in an area no unit is paired with have no unit.
    area_without_unit = ground_truth["areasWithoutUnit"][0]
    body = gql(
        """query ($day: Date, $code: String!) {
             byCode(code: $code) { ... on Area { compounds { units(asOf: $day) { code } } } } }""",
        {"day": ground_truth["referenceDate"], "code": area_without_unit},
    )
    assert all(c["units"] == [] for c in body["data"]["byCode"]["compounds"])


def test_commendations_and_the_people_who_received_them(gql, ground_truth) -> None:
    body = gql("{ commendations { code title year to { code commendations { code } } } }")
    assert "errors" not in body, body["errors"]
    commendations = body["data"]["commendations"]
    assert len(commendations) == ground_truth["figures"]["commendations"]
    assert {"好婆婆", "好媳妇", "道德模范"} <= {c["title"] for c in commendations}
    for c in commendations:
        assert c["code"] in {x["code"] for x in c["to"]["commendations"]}


def test_round_trips_do_not_grow_with_page_size(execute, no_cost_limit) -> None:
    query = """query ($first: Int) {
      microProjects(first: $first) { totalCount nodes {
        name owner { name secretary { name } } coordinatingUnits { name taskForceRole { role } }
        at { ... on Compound { name grid { name } venues { name } } ... on Area { name } }
        milestones { title project { code } }
      } }
      serviceRecords(first: $first) {
        nodes { kind by { name commendations { title } } for { address building { name } } }
      }
      grants(first: $first) { nodes { to { name } from { name } } }
    }"""

    def round_trips(first: int) -> int:
        with count_queries() as counter:
            result = execute(query, {"first": first})
        assert result.errors is None, result.errors
        return counter.count

    assert round_trips(3) == round_trips(100)


def test_a_bad_scope_is_refused_clearly(gql) -> None:
    body = gql('{ microProjects(scope: "nope") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["message"].startswith("scope:")
    body = gql("query ($s: ID) { grants(scope: $s) { totalCount } }", {"s": encode("Household", "HH00001")})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "scope"}
    body = gql("query ($s: ID) { venues(scope: $s) { code } }", {"s": encode("Grid", "GR-NOPE")})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "Traceback" not in str(body)


def test_a_grid_viewer_sees_the_money_and_projects_of_its_grid_only(execute, ground_truth, viewer_of) -> None:
    grid = ground_truth["samples"]["firstGrid"]
    viewer = viewer_of(Role.GRID, grid)
    query = """query ($code: String!) {
      grants(first: 100) { nodes { code to { code } } }
      fundsSummary { grants amountYuan }
      microProjects(first: 100) { totalCount nodes { code at { code } } }
      byCode(code: $code) { ... on Grid {
        branch { code grants { nodes { code } } } compounds { microProjects { nodes { code } } } } }
    }"""
    result = execute(query, {"code": grid}, viewer)
    assert result.errors is None, result.errors
    branch = result.data["byCode"]["branch"]
    # Its branch's two grants, seen both from the root and from the branch.
    assert len(branch["grants"]["nodes"]) == 2
    assert {g["code"] for g in result.data["grants"]["nodes"]} == {g["code"] for g in branch["grants"]["nodes"]}
    assert {g["to"]["code"] for g in result.data["grants"]["nodes"]} == {branch["code"]}
    assert result.data["fundsSummary"] == {"grants": 2, "amountYuan": 15_000}
    # The projects at its compounds are among those it sees; nothing outside the grid is.
    at_compounds = {p["code"] for c in result.data["byCode"]["compounds"] for p in c["microProjects"]["nodes"]}
    seen = result.data["microProjects"]
    assert at_compounds <= {p["code"] for p in seen["nodes"]}
    assert seen["totalCount"] < ground_truth["nodeCounts"]["MicroProject"]
    county = execute(query, {"code": grid}, Viewer.county())
    assert len(county.data["grants"]["nodes"]) == ground_truth["nodeCounts"]["Grant"]

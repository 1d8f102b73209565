"""The case's figures, counted with Cypher in the loaded scale-1 data set and in the ground truth."""

from __future__ import annotations

from datetime import date
from typing import Any

from seeds import REFERENCE_DATE
from seeds.dataset import NODE_LABELS, REL_TYPES

DAY = REFERENCE_DATE
HOLDS = "{r}.validFrom <= $day AND ({r}.validTo IS NULL OR $day < {r}.validTo)"


def held(r: str) -> str:
    return HOLDS.format(r=r)


def value(db: Any, query: str, **params: Any) -> Any:
    records = db.execute_query(query, {"day": DAY, **params}).records
    return records[0][0]


def table(db: Any, query: str, **params: Any) -> dict[str, int]:
    records = db.execute_query(query, {"day": DAY, **params}).records
    return {r[0]: r[1] for r in records}


def test_node_counts_match_the_ground_truth(db, ground_truth):
    for label in NODE_LABELS:
        assert value(db, f"MATCH (n:{label}) RETURN count(n)") == ground_truth["nodeCounts"][label], label
    assert value(db, "MATCH (n:Entity) RETURN count(n)") == sum(ground_truth["nodeCounts"].values())


def test_relationship_counts_match_the_ground_truth(db, ground_truth):
    for kind in REL_TYPES:
        assert value(db, f"MATCH ()-[r:{kind}]->() RETURN count(r)") == ground_truth["relationshipCounts"][kind], kind


def test_every_entity_has_both_labels_and_a_code(db):
    # Besides entities: only bookkeeping (the data set's marker, migrations, and what the API records).
    bookkeeping = (
        "['Dataset', 'Migration', 'AuditRecord', 'IdempotencyKey', 'AccessRecord', 'CoverageStep', 'CoverageAggregate',"
        " 'CoverageSpan', 'CoverageDelta']"
    )
    assert (
        value(db, f"MATCH (n) WHERE NOT n:Entity AND NOT any(l IN labels(n) WHERE l IN {bookkeeping}) RETURN count(n)")
        == 0
    )
    assert value(db, "MATCH (n:Entity) WHERE n.code IS NULL OR size(labels(n)) <> 2 RETURN count(n)") == 0


def test_territory(db, ground_truth):
    f = ground_truth["figures"]
    assert value(db, "MATCH (c:County) WHERE NOT (c)-[:PART_OF]->() RETURN c.name") == "潼关县"
    assert value(db, "MATCH (s:Street)-[:PART_OF]->(:County) RETURN collect(s.name)") == ["城关街道"]
    assert value(db, "MATCH (c:Community)-[:PART_OF]->(:Street) RETURN count(c)") == 3 == f["communities"]
    assert value(db, "MATCH (g:Grid)-[:PART_OF]->(:Community) RETURN count(g)") == 19 == f["grids"]
    assert value(db, "MATCH (c:Compound {kind: 'THREE_NO'}) RETURN count(c)") == 76 == f["threeNoCompounds"]
    assert value(db, "MATCH (c:Compound {kind: 'MANAGED'}) RETURN count(c)") == 24 == f["managedCompounds"]
    areas = table(db, "MATCH (a:Area) RETURN a.kind, count(a)")
    assert areas == f["areasByKind"]
    assert 95 <= sum(areas.values()) <= 110
    assert value(db, "MATCH (a:Area) WHERE NOT (a)-[:PART_OF]->(:Grid) RETURN count(a)") == 0
    # Compound areas hold compounds; alleys hold courtyards (buildings) and no compound.
    assert value(db, "MATCH (a:Area {kind: 'COMPOUND'}) WHERE NOT ()-[:PART_OF]->(a) RETURN count(a)") == 0
    assert value(db, "MATCH (:Compound)-[:PART_OF]->(a:Area) WHERE a.kind <> 'COMPOUND' RETURN count(a)") == 0
    assert value(db, "MATCH (b:Building)-[:PART_OF]->(:Area {kind: 'ALLEY'}) RETURN count(b)") > 0
    # Every grid has several areas.
    assert value(db, "MATCH (g:Grid) RETURN min(COUNT { (:Area)-[:PART_OF]->(g) })") >= 3
    assert (
        value(
            db, "MATCH (n:Compound) WHERE n.name IN $names RETURN count(n)", names=list(ground_truth["namedCompounds"])
        )
        == 4
    )
    assert set(ground_truth["namedCompounds"]) == {"福乐小区", "景园小区", "自来水厂小区", "添景苑东段小区"}


def test_households_and_residents(db, ground_truth):
    f = ground_truth["figures"]
    households = value(db, "MATCH (h:Household) RETURN count(h)")
    residents = value(db, "MATCH (p:Person)-[:RESIDES_IN]->(:Household) RETURN count(DISTINCT p)")
    assert households == f["households"] and 18_000 <= households <= 22_000
    assert residents == f["residents"] == value(db, "MATCH (p:Person) RETURN count(p)")
    assert 50_000 <= residents <= 60_000
    assert value(db, "MATCH (h:Household) WHERE h.size <> COUNT { (:Person)-[:RESIDES_IN]->(h) } RETURN count(h)") == 0
    assert value(db, "MATCH (p:Person) WHERE COUNT { (p)-[:RESIDES_IN]->() } <> 1 RETURN count(p)") == 0
    groups = table(db, "MATCH (p:Person) UNWIND p.specialGroups AS g RETURN g, count(*)")
    assert groups == f["specialGroups"] == {"DISABLED": 450, "ELDERLY_ALONE": 600, "POOR_STUDENT": 250}
    non_cadre_party = value(db, "MATCH (p:Person {isPartyMember: true}) WHERE NOT (p)-[:WORKS_AT]->() RETURN count(p)")
    assert non_cadre_party == f["residentPartyMembers"]
    assert 0.05 <= non_cadre_party / (residents - 3048) <= 0.07


def test_personal_data_looks_real_but_is_synthetic(db):
    bad_ids = value(
        db,
        "MATCH (p:Person) WHERE size(p.idNumber) <> 18 OR NOT p.idNumber STARTS WITH '610522' "
        "OR substring(p.idNumber, 6, 8) <> replace(toString(p.birthDate), '-', '') RETURN count(p)",
    )
    assert bad_ids == 0
    assert value(db, "MATCH (p:Person) RETURN count(DISTINCT p.idNumber) = count(p)")
    assert (
        value(db, "MATCH (p:Person) WHERE p.phone IS NOT NULL AND NOT p.phone =~ '1[3-9][0-9]{9}' RETURN count(p)") == 0
    )
    assert value(db, "MATCH (h:Household) WHERE NOT h.address STARTS WITH '城关街道' RETURN count(h)") == 0
    assert value(
        db,
        "MATCH (h:Household) WHERE h.address =~ $pattern RETURN count(h) > 10000",
        pattern="城关街道.+路[0-9]+号.+[0-9]+号楼[0-9]单元[0-9]+0[0-9]室",
    )


def test_party_organizations(db, ground_truth):
    f = ground_truth["figures"]
    kinds = table(db, "MATCH (o:PartyOrganization) RETURN o.kind, count(o)")
    assert kinds == f["partyOrganizationsByKind"]
    assert kinds == {
        "STREET_WORKING_COMMITTEE": 1,
        "COMMUNITY_COMMITTEE": 3,
        "GRID_BRANCH": 19,
        "COMPOUND_BRANCH": 35,
        "AREA_GROUP": 47,
    }
    # Every grid has exactly one grid branch answering for it.
    assert (
        value(
            db,
            f"""MATCH (g:Grid) RETURN min(COUNT {{
                 MATCH (:PartyOrganization {{kind: 'GRID_BRANCH'}})-[r:ANSWERS_FOR]->(g) WHERE {held("r")} }})""",
        )
        == 1
    )
    joint = table(
        db,
        f"""MATCH (o:PartyOrganization {{kind: 'COMPOUND_BRANCH'}})
        WITH o, COUNT {{ MATCH (o)-[r:ANSWERS_FOR]->(:Compound) WHERE {held("r")} }} AS n
        RETURN CASE WHEN o.joint THEN 'joint' ELSE 'standalone' END,
               sum(CASE WHEN (o.joint AND n >= 2) OR (NOT o.joint AND n = 1) THEN 1 ELSE 0 END)""",
    )
    assert joint == {"standalone": 14, "joint": 21}
    assert f["compoundBranchesStandalone"] == 14 and f["compoundBranchesJoint"] == 21
    # Together the branches cover all 76 three-no compounds, each exactly once, under their grid branch.
    once = value(
        db,
        f"""MATCH (c:Compound {{kind: 'THREE_NO'}})
        WITH c, COUNT {{
          MATCH (o:PartyOrganization {{kind: 'COMPOUND_BRANCH'}})-[r:ANSWERS_FOR]->(c) WHERE {held("r")} }} AS n
        RETURN count(CASE WHEN n = 1 THEN c END)""",
    )
    assert once == 76
    assert (
        value(
            db,
            f"""MATCH (o:PartyOrganization {{kind: 'COMPOUND_BRANCH'}})-[r:ANSWERS_FOR]->(c:Compound)
        MATCH (c)-[:PART_OF*2]->(g:Grid)
        WHERE {held("r")} AND NOT (o)-[:UNDER]->(:PartyOrganization {{kind: 'GRID_BRANCH'}})-[:ANSWERS_FOR]->(g)
        RETURN count(*)""",
        )
        == 0
    )
    assert value(db, "MATCH (c:Compound {kind: 'MANAGED'})<-[:ANSWERS_FOR]-(o) RETURN count(o)") == 0
    # Area groups: one area each (compound or alley areas), under a grid branch, each with a group-leader post.
    assert (
        value(
            db,
            """MATCH (o:PartyOrganization {kind: 'AREA_GROUP'})
        WHERE COUNT { (o)-[:ANSWERS_FOR]->(a:Area WHERE a.kind IN ['COMPOUND', 'ALLEY']) } = 1
          AND (o)-[:UNDER]->(:PartyOrganization {kind: 'GRID_BRANCH'})
          AND COUNT { (:Post {role: 'GROUP_LEADER'})-[:POST_OF]->(o) } = 1
        RETURN count(o)""",
        )
        == 47
    )
    # Every organization except area groups has one secretary post.
    assert (
        value(
            db,
            """MATCH (o:PartyOrganization) WHERE o.kind <> 'AREA_GROUP'
        RETURN count(CASE WHEN COUNT { (:Post {role: 'SECRETARY'})-[:POST_OF]->(o) } = 1 THEN o END)""",
        )
        == 58
    )


def test_building_leaders_and_central_households(db, ground_truth):
    f = ground_truth["figures"]
    assert (
        value(
            db,
            "MATCH (b:Building) WHERE COUNT { (:Post {role: 'BUILDING_LEADER'})-[:POST_OF]->(b) } <> 1 RETURN count(b)",
        )
        == 0
    )
    current = value(
        db,
        f"MATCH (p:Person)-[h:HOLDS]->(t:Post) WHERE t.role IN ['BUILDING_LEADER', 'CENTRAL_HOUSEHOLD'] "
        f"AND {held('h')} "
        "RETURN count(DISTINCT p)",
    )
    assert current == 712 == f["buildingLeaderAndCentralHouseholdHolders"]
    # Holders live in the building's compound (or its area, for courtyards and shop-front rows).
    strangers = value(
        db,
        f"""MATCH (p:Person)-[h:HOLDS]->(t:Post)-[:POST_OF]->(b:Building)-[:PART_OF]->(parent)
        WHERE t.role IN ['BUILDING_LEADER', 'CENTRAL_HOUSEHOLD'] AND {held("h")}
          AND NOT (p)-[:RESIDES_IN]->(:Household)-[:PART_OF*1..3]->(parent)
        RETURN count(p)""",
    )
    assert strangers == 0
    assert (
        value(
            db,
            f"MATCH (p:Person)-[h:HOLDS]->(:Post {{role: 'CENTRAL_HOUSEHOLD'}}) WHERE {held('h')} "
            "AND NOT p.isPartyMember RETURN count(p)",
        )
        == 0
    )


def test_units_and_cadres(db, ground_truth):
    f = ground_truth["figures"]
    assert value(db, "MATCH (u:Unit) RETURN count(u)") == 107 == f["units"]
    assert table(db, "MATCH (u:Unit) RETURN u.kind, count(u)") == f["unitsByKind"]
    unpaired = value(
        db,
        f"MATCH (u:Unit) WHERE NOT EXISTS {{ MATCH (u)-[r:PAIRED_WITH]->(:Area) WHERE {held('r')} }} RETURN count(u)",
    )
    assert unpaired == 0 and f["pairedUnits"] == 107
    assert value(db, "MATCH (p:Person)-[:WORKS_AT]->(:Unit) RETURN count(DISTINCT p)") == 3048 == f["cadres"]
    assert value(db, "MATCH (p:Person)-[:WORKS_AT]->() WHERE NOT p.isPartyMember RETURN count(p)") == 0
    for rel, target in (("PAIRED_WITH", "Household|Building"), ("REPORTED_TO", "Grid")):
        missing = value(
            db,
            f"MATCH (p:Person)-[:WORKS_AT]->() "
            f"WHERE NOT EXISTS {{ MATCH (p)-[r:{rel}]->(:{target}) WHERE {held('r')} }} "
            "RETURN count(p)",
        )
        assert missing == 0, rel
    assert f["pairedCadres"] == 3048 == f["cadresReportedToGrid"]
    # Most cadres are paired with 3-8 households.
    typical = value(
        db,
        f"""MATCH (p:Person)-[:WORKS_AT]->()
        WITH p, COUNT {{ MATCH (p)-[r:PAIRED_WITH]->(:Household) WHERE {held("r")} }} AS n
        RETURN toFloat(count(CASE WHEN 3 <= n <= 8 THEN p END)) / count(p)""",
    )
    assert typical > 0.6
    # Unit sizes differ: the public security bureau and the hospital are the largest.
    largest = value(
        db, "MATCH (u:Unit)<-[:WORKS_AT]-(p) WITH u, count(p) AS n ORDER BY n DESC LIMIT 2 RETURN collect(u.name)"
    )
    assert set(largest) == {"潼关县公安局", "潼关县医院"}


def test_task_force_and_police(db, ground_truth):
    f = ground_truth["figures"]
    head = db.execute_query(
        f"""MATCH (t:TaskForce)<-[:POST_OF]-(:Post {{role: 'TASK_FORCE_HEAD'}})<-[h:HOLDS]-(p:Person)
        MATCH (p)-[:WORKS_AT]->(u:Unit)
        WHERE {held("h")} RETURN t.name AS task, p.code AS head, u.name AS unit""",
        {"day": DAY},
    ).records
    assert len(head) == 1
    assert head[0]["task"] == "潼关县三无小区治理专班"
    assert head[0]["unit"] == "潼关县委组织部"
    assert head[0]["head"] == ground_truth["samples"]["taskForceHead"]
    departments = table(db, "MATCH (u:Unit)-[m:MEMBER_OF]->(:TaskForce) RETURN u.name, m.role")
    assert departments == {
        "潼关县委组织部": "LEAD",
        "潼关县委政法委": "MEMBER",
        "潼关县民政局": "MEMBER",
        "潼关县住房和城乡建设局": "MEMBER",
        "潼关县财政局": "MEMBER",
        "潼关县委宣传部": "MEMBER",
        "潼关县人力资源和社会保障局": "MEMBER",
    }
    assert f["taskForceDepartments"] == 7
    unpoliced = value(
        db,
        f"""MATCH (c:Compound {{kind: 'THREE_NO'}})
        WHERE NOT EXISTS {{
          MATCH (:Person)-[h:HOLDS]->(:Post {{role: 'POLICE_OFFICER'}})-[:POST_OF]->(c) WHERE {held("h")} }}
        RETURN count(c)""",
    )
    assert unpoliced == 0
    officers = value(
        db,
        f"""MATCH (p:Person)-[h:HOLDS]->(:Post {{role: 'POLICE_OFFICER'}}) WHERE {held("h")}
        RETURN count(DISTINCT CASE WHEN (p)-[:WORKS_AT]->(:Unit {{name: '潼关县公安局'}}) THEN p END)""",
    )
    assert officers == f["policeOfficers"] == 25


def test_volunteers_and_red_stewards(db, ground_truth):
    f = ground_truth["figures"]
    organizers = table(db, "MATCH (t:VolunteerTeam)-[:ORGANIZED_BY]->(o) RETURN o:Unit, count(t)")
    assert organizers == {True: 87, False: 30}
    assert f["volunteerTeamsByUnit"] == 87 and f["volunteerTeamsByPartyOrganization"] == 30
    assert (
        value(
            db,
            "MATCH (t:VolunteerTeam) WHERE NOT (t)-[:SERVES]->(:Compound) OR NOT ()-[:MEMBER_OF]->(t) RETURN count(t)",
        )
        == 0
    )
    assert value(db, "MATCH (p:Person {redSteward: true}) RETURN count(p)") == 916 == f["redStewards"]


def test_self_governance_venues(db, ground_truth):
    f = ground_truth["figures"]
    assert table(db, "MATCH (s:SelfGovernanceBody) RETURN s.kind, count(s)") == f["selfGovernanceBodiesByKind"]
    assert value(db, "MATCH (s:SelfGovernanceBody)-[:SERVES]->(:Compound) RETURN count(DISTINCT s)") == 32
    assert value(db, "MATCH (d:DeliberationPlatform)-[:SERVES]->(:Compound|Grid) RETURN count(DISTINCT d)") == 43
    assert value(db, "MATCH (v:Venue {upgraded: true})-[:SERVES]->(:Compound|Grid) RETURN count(DISTINCT v)") == 37
    assert f["deliberationPlatforms"] == 43 and f["venues"] == 37 == f["upgradedVenues"]


def test_wishes_and_their_histories(db, ground_truth):
    statuses = table(db, "MATCH (w:Wish) RETURN w.status, count(w)")
    assert statuses == ground_truth["figures"]["wishesByStatus"]
    assert statuses["FULFILLED"] == 64
    assert all(statuses.get(s, 0) >= 1 for s in ("SUBMITTED", "ACCEPTED", "CLAIMED", "REJECTED", "CANCELLED"))
    inconsistent = value(
        db,
        """MATCH (w:Wish)
        CALL (w) {
          MATCH (e:WishEvent)-[:OF]->(w)
          WITH e ORDER BY e.at
          RETURN collect(e.status) AS history
        }
        WITH w, history
        WHERE w.version <> size(history) OR last(history) <> w.status OR history[0] <> 'SUBMITTED'
           OR NOT (w)-[:FOR]->(:Household)<-[:RESIDES_IN]-(:Person)<-[:REQUESTED_BY]-(w)
           OR NOT EXISTS { MATCH (w)-[:REQUESTED_BY]->(r:Person) WHERE size(r.specialGroups) > 0 }
           OR (('ACCEPTED' IN history) <> EXISTS { (w)-[:ACCEPTED_BY]->(:PartyOrganization {kind: 'GRID_BRANCH'}) })
           OR (('CLAIMED' IN history) <> EXISTS { (w)-[:CLAIMED_BY]->(:Person {isPartyMember: true}) })
           OR w.submittedAt <> head([e IN [(e:WishEvent)-[:OF]->(w) | e] WHERE e.status = 'SUBMITTED' | e.at])
        RETURN count(w)""",
    )
    assert inconsistent == 0


def test_micro_projects(db, ground_truth):
    f = ground_truth["figures"]
    kinds = table(db, "MATCH (m:MicroProject) RETURN m.kind, count(m)")
    assert kinds == f["microProjectsByKind"]
    assert kinds["RENOVATION"] == 6 and kinds["FACILITY"] == 8 and kinds["GREENING"] == 42
    plants = value(db, "MATCH (m:MicroProject {kind: 'GREENING'}) RETURN sum(m.plants)")
    assert plants == f["greeningPlants"] and 3900 <= plants < 4000
    lights = value(db, "MATCH (m:MicroProject {kind: 'LIGHTING'}) RETURN sum(m.lights)")
    assert lights == f["lightingLights"] and lights >= 300
    named = table(
        db,
        "MATCH (m:MicroProject {kind: 'FACILITY'})-[:AT]->(c:Compound) WHERE m.name IN $names RETURN m.name, c.name",
        names=["自来水厂小区加装电梯", "添景苑东段小区增装充电桩"],
    )
    assert named == {"自来水厂小区加装电梯": "自来水厂小区", "添景苑东段小区增装充电桩": "添景苑东段小区"}
    bad = value(
        db,
        """MATCH (m:MicroProject)
        WHERE NOT EXISTS {
                MATCH (m)-[:OWNED_BY]->(o:PartyOrganization) WHERE o.kind IN ['COMMUNITY_COMMITTEE', 'GRID_BRANCH'] }
           OR NOT (m)-[:COORDINATED_WITH]->(:Unit) OR NOT (m)-[:AT]->(:Compound|Area) OR NOT (:Milestone)-[:OF]->(m)
        RETURN count(m)""",
    )
    assert bad == 0


def test_services_commendations_matters(db, ground_truth):
    f = ground_truth["figures"]
    kinds = table(db, "MATCH (s:ServiceRecord)-[:FOR]->(:Household) MATCH (s)-[:BY]->(:Person) RETURN s.kind, count(s)")
    assert kinds == f["serviceRecordsByKind"]
    assert sum(kinds.values()) == 412 and kinds["PENSION_FILING"] > 0 and kinds["VETERAN_REVIEW"] > 0
    assert value(db, "MATCH (c:Commendation)-[:TO]->(:Person) RETURN count(c)") == 21 == f["commendations"]
    settled = table(db, "MATCH (m:Matter {step: 'DONE'}) WHERE m.settledOn IS NOT NULL RETURN m.kind, count(m)")
    assert settled == f["settledMattersByKind"] == {"GOVERNANCE": 53, "DISPUTE": 22, "ILLEGAL_STRUCTURE": 54}
    assert value(db, "MATCH (m:Matter) WHERE m.step <> 'DONE' AND m.settledOn IS NULL RETURN count(m)") == sum(
        f["openMattersByKind"].values()
    )
    complete = value(
        db,
        """MATCH (m:Matter {step: 'DONE'})
        WITH m, COLLECT { MATCH (s:MatterStep)-[:OF]->(m) RETURN s.step ORDER BY s.on, s.code } AS steps
        RETURN count(CASE WHEN steps = ['DELIBERATE', 'SORT_OUT', 'EVALUATE', 'CARRY_OUT'] THEN m END)""",
    )
    assert complete == 129
    named = table(db, "MATCH (m:Matter)-[:CONCERNS]->(c:Compound) WHERE m.code IN $codes RETURN m.title, c.name",
                  codes=list(ground_truth["namedMatters"].values()))  # fmt: skip
    assert named == {"福乐小区环境卫生整治": "福乐小区", "景园小区飞线充电整治": "景园小区"}


def test_grants(db, ground_truth):
    grants = db.execute_query(
        """MATCH (g:Grant)-[:TO]->(o:PartyOrganization {kind: 'GRID_BRANCH'})
        MATCH (g)-[:FROM]->(u:Unit)
        RETURN g.kind AS kind, count(DISTINCT o) AS branches, sum(g.amountYuan) AS total,
               collect(DISTINCT g.disbursedOn) AS days, collect(DISTINCT u.name) AS payers""",
    ).records
    got = {r["kind"]: r for r in grants}
    assert got["WORKING_FUNDS"]["branches"] == 19 and got["WORKING_FUNDS"]["total"] == 190_000
    assert got["PARTY_FEE_SUBSIDY"]["branches"] == 19 and got["PARTY_FEE_SUBSIDY"]["total"] == 95_000
    assert [d.to_native() for d in got["WORKING_FUNDS"]["days"]] == [date(2026, 1, 20)]
    assert [d.to_native() for d in got["PARTY_FEE_SUBSIDY"]["days"]] == [date(2026, 3, 3)]
    assert got["WORKING_FUNDS"]["payers"] == ["潼关县财政局"]
    assert got["PARTY_FEE_SUBSIDY"]["payers"] == ["潼关县委组织部"]
    assert ground_truth["figures"]["grants"]["PARTY_FEE_SUBSIDY"] == {"count": 19, "totalYuan": 95_000}


def test_dates_stay_within_the_programme(db, ground_truth):
    for kind in ("PAIRED_WITH", "HOLDS", "MEMBER_OF", "ANSWERS_FOR", "SERVES", "REPORTED_TO"):
        bounds = db.execute_query(
            f"MATCH ()-[r:{kind}]->() RETURN min(r.validFrom) AS lo, max(r.validFrom) AS hi"
        ).records[0]
        assert bounds["lo"].to_native() >= date(2023, 4, 1), kind
        assert bounds["hi"].to_native() <= date(2026, 9, 30), kind
    assert ground_truth["referenceDate"] == "2026-11-01"

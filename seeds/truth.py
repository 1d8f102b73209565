"""The ground truth of a data set, computed from its rows alone (no Cypher, no generator plan).

Everything is as of a given day (by default :data:`seeds.REFERENCE_DATE`), using the rules of
:mod:`graph.rules`. The result is plain JSON-ready data: lists are sorted, keys are strings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.rules import (
    COUNTY_TIMEZONE,
    FIVE_HAVES_KEYS,
    covered,
    due_soon,
    holds,
    met,
    overdue,
    resources_window_start,
    share,
    stage,
)
from seeds import LEADER_END_DATE, PAIRING_END_DATE, REFERENCE_DATE
from seeds import vocab as V
from seeds.dataset import NODE_LABELS, REL_TYPES, Dataset, Row

SCOPE_LABELS = ("County", "Street", "Community", "Grid")
QUEUE_DAYS = (date(2026, 10, 15), REFERENCE_DATE)
"""The days the ground truth gives the overdue and due-soon queues for."""
CLOSED_WISH_STATUSES = ("FULFILLED", "REJECTED", "CANCELLED")


@dataclass
class _Index:
    """Look-ups over the rows, built once per data set."""

    ds: Dataset
    label: dict[str, str] = field(default_factory=dict)
    node: dict[str, Row] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    out: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    into: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    _below: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def build(self) -> _Index:
        for lab in NODE_LABELS:
            for row in self.ds.nodes[lab]:
                self.label[row["code"]] = lab
                self.node[row["code"]] = row
        for kind in REL_TYPES:
            out: dict[str, list[Row]] = {}
            into: dict[str, list[Row]] = {}
            for row in self.ds.rels[kind]:
                out.setdefault(row["from"], []).append(row)
                into.setdefault(row["to"], []).append(row)
            self.out[kind] = out
            self.into[kind] = into
        for row in self.ds.rels["PART_OF"]:
            self.parent[row["from"]] = row["to"]
            self.children.setdefault(row["to"], []).append(row["from"])
        return self

    def codes(self, lab: str) -> list[str]:
        return [row["code"] for row in self.ds.nodes[lab]]

    def outgoing(self, kind: str, code: str, to_label: str | None = None) -> list[Row]:
        rows = self.out[kind].get(code, [])
        return [r for r in rows if to_label is None or self.label[r["to"]] == to_label]

    def incoming(self, kind: str, code: str, from_label: str | None = None) -> list[Row]:
        rows = self.into[kind].get(code, [])
        return [r for r in rows if from_label is None or self.label[r["from"]] == from_label]

    def up(self, code: str, lab: str) -> str | None:
        """The nearest ancestor of ``code`` (or itself) in the territory tree with label ``lab``."""
        while code is not None:
            if self.label[code] == lab:
                return code
            code = self.parent.get(code)  # type: ignore[assignment]
        return None

    def below(self, code: str, lab: str) -> list[str]:
        """Every descendant of ``code`` with label ``lab``, sorted by code (cached)."""
        key = (code, lab)
        if key in self._below:
            return self._below[key]
        found: list[str] = []
        stack = [code]
        while stack:
            current = stack.pop()
            for child in self.children.get(current, []):
                if self.label[child] == lab:
                    found.append(child)
                stack.append(child)
        self._below[key] = sorted(found)
        return self._below[key]


def _held(rows: Iterable[Row], day: date) -> list[Row]:
    return [r for r in rows if holds(r["validFrom"], r["validTo"], day)]


class Truth:
    """Answers about one data set on one day."""

    def __init__(self, ds: Dataset, day: date = REFERENCE_DATE, index: _Index | None = None) -> None:
        self.ds = ds
        self.day = day
        self.ix = index or _Index(ds).build()
        ix = self.ix
        self.cadres = sorted({r["from"] for r in ds.rels["WORKS_AT"]})
        self.cadre_set = set(self.cadres)
        # Posts: role, what they belong to, whether held on the day.
        self.post_role = {r["code"]: r["role"] for r in ds.nodes["Post"]}
        self.post_of = {r["from"]: r["to"] for r in ds.rels["POST_OF"]}
        held_posts = {r["to"] for r in _held(ds.rels["HOLDS"], day)}
        self.post_held = {code: code in held_posts for code in self.post_role}
        self.posts_at: dict[str, list[str]] = {}
        for post, target in self.post_of.items():
            self.posts_at.setdefault(target, []).append(post)
        # Households covered on the day: paired with a person (联户), or in a building paired with one (包楼栋).
        self.households = ix.codes("Household")
        person_pairings = [r for r in _held(ds.rels["PAIRED_WITH"], day) if ix.label[r["from"]] == "Person"]
        self.paired_directly = {r["to"] for r in person_pairings if ix.label[r["to"]] == "Household"}
        self.paired_buildings = {r["to"] for r in person_pairings if ix.label[r["to"]] == "Building"}
        self.via_building = {h for h in self.households if ix.parent[h] in self.paired_buildings}
        self.covered = {h for h in self.households if covered(h in self.paired_directly, h in self.via_building)}
        self.residents: dict[str, list[str]] = {}
        for r in ds.rels["RESIDES_IN"]:
            self.residents.setdefault(r["to"], []).append(r["from"])
        self.special = {
            h for h in self.households if any(ix.node[p]["specialGroups"] for p in self.residents.get(h, []))
        }
        self.grid_of = {h: ix.up(h, "Grid") for h in self.households}
        self._facts: dict[str, dict[str, Any]] | None = None
        self.five = {c: self.five_haves(c) for c in ix.codes("Compound")}

    # -- single facts

    def has_post_held(self, target: str, role: str) -> bool:
        return any(self.post_role[p] == role and self.post_held[p] for p in self.posts_at.get(target, []))

    def leader_held(self, building: str) -> bool:
        return self.has_post_held(building, "BUILDING_LEADER")

    def orgs_for(self, target: str, kind: str) -> list[str]:
        """Party organizations of ``kind`` whose ANSWERS_FOR to ``target`` holds on the day."""
        rows = _held(self.ix.incoming("ANSWERS_FOR", target), self.day)
        return sorted({r["from"] for r in rows if self.ix.node[r["from"]]["kind"] == kind})

    def served(self, target: str, from_label: str) -> bool:
        return bool(_held(self.ix.incoming("SERVES", target, from_label), self.day))

    def area_units(self, area: str, *, current: bool) -> list[str]:
        rows = self.ix.incoming("PAIRED_WITH", area, "Unit")
        rows = _held(rows, self.day) if current else [r for r in rows if r["validFrom"] <= self.day]
        return sorted({r["from"] for r in rows})

    def compound_households(self, compound: str) -> list[str]:
        return self.ix.below(compound, "Household")

    # -- the five haves

    def five_haves(self, compound: str) -> dict[str, Any]:
        ix, day = self.ix, self.day
        area = ix.parent[compound]
        grid = ix.parent[area]
        branches = self.orgs_for(compound, "COMPOUND_BRANCH")
        groups = self.orgs_for(area, "AREA_GROUP")
        leaders = sum(1 for o in branches if self.has_post_held(o, "SECRETARY")) + sum(
            1 for o in groups if self.has_post_held(o, "GROUP_LEADER")
        )
        buildings = ix.below(compound, "Building")
        households = self.compound_households(compound)
        covered_households = sum(1 for h in households if h in self.covered)
        venues = {r["from"] for target in (compound, grid) for r in _held(ix.incoming("SERVES", target, "Venue"), day)}
        window = resources_window_start(day)
        units = self.area_units(area, current=True)
        orgs = set()
        for target in (compound, area):
            for r in _held(ix.incoming("ANSWERS_FOR", target), day):
                orgs.add(r["from"])
        grants = {
            r["from"]
            for org in sorted(orgs)
            for r in ix.incoming("TO", org, "Grant")
            if window < ix.node[r["from"]]["disbursedOn"] <= day and ix.node[r["from"]].get("voidedOn") is None
        }
        projects = set()
        for target in (compound, area):
            for r in ix.incoming("AT", target, "MicroProject"):
                p = ix.node[r["from"]]
                started, completed, cancelled = p["startedOn"], p["completedOn"], p.get("cancelledOn")
                if (
                    started is not None
                    and started <= day
                    and (completed is None or completed > window)
                    and (cancelled is None or day < cancelled)
                ):
                    projects.add(r["from"])
        bodies = {r["from"] for r in _held(ix.incoming("SERVES", compound, "SelfGovernanceBody"), day)}
        platforms = {
            r["from"]
            for target in (compound, grid)
            for r in _held(ix.incoming("SERVES", target, "DeliberationPlatform"), day)
        }
        values = {
            "organizationsWithLeader": leaders,
            "coveredShare": share(covered_households, len(households)),
            "ledBuildingShare": share(sum(1 for b in buildings if self.leader_held(b)), len(buildings)),
            "venues": len(venues),
            "resources": len(units) + len(grants) + len(projects),
            "selfGovernanceBodies": len(bodies),
            "deliberationPlatforms": len(platforms),
        }
        criteria = {key: met(key, values) for key in FIVE_HAVES_KEYS}
        return {"stage": stage(criteria), "criteria": criteria, "figures": values}

    # -- coverage

    def _grid_facts(self) -> dict[str, dict[str, Any]]:
        """Per grid: its territory and the sets that coverage unites over a scope's grids."""
        ix, day = self.ix, self.day
        facts: dict[str, dict[str, Any]] = {}
        for g in ix.codes("Grid"):
            facts[g] = {
                "households": ix.below(g, "Household"),
                "buildings": ix.below(g, "Building"),
                "compounds": ix.below(g, "Compound"),
                "areas": ix.below(g, "Area"),
                "cadres": set(),
                "pairedCadres": set(),
                "teams": set(),
            }
        for r in self.ds.rels["PAIRED_WITH"]:
            if r["from"] in self.cadre_set and ix.label[r["to"]] in ("Household", "Building"):
                g = str(ix.up(r["to"], "Grid"))
                if r["validFrom"] <= day:
                    facts[g]["cadres"].add(r["from"])
                if holds(r["validFrom"], r["validTo"], day):
                    facts[g]["pairedCadres"].add(r["from"])
        for r in self.ds.rels["REPORTED_TO"]:
            if r["from"] in self.cadre_set and r["validFrom"] <= day:
                facts[r["to"]]["cadres"].add(r["from"])
        for r in _held(self.ds.rels["SERVES"], day):
            if ix.label[r["from"]] == "VolunteerTeam" and ix.label[r["to"]] == "Compound":
                facts[str(ix.up(r["to"], "Grid"))]["teams"].add(r["from"])
        return facts

    def coverage(self, scope: str) -> dict[str, int]:
        """The API's ``Coverage`` for a county, street, community or grid on the day."""
        ix = self.ix
        if self._facts is None:
            self._facts = self._grid_facts()
        county = ix.label[scope] == "County"
        grids = [scope] if ix.label[scope] == "Grid" else ix.below(scope, "Grid")
        facts = [self._facts[g] for g in grids]
        households = [h for f in facts for h in f["households"]]
        buildings = [b for f in facts for b in f["buildings"]]
        compounds = [c for f in facts for c in f["compounds"] if ix.node[c]["kind"] == "THREE_NO"]
        areas = [a for f in facts for a in f["areas"]]
        uncovered = [h for h in households if h not in self.covered]
        with_org = [
            c for c in compounds if self.orgs_for(c, "COMPOUND_BRANCH") or self.orgs_for(ix.parent[c], "AREA_GROUP")
        ]
        units: set[str] = set()
        paired_units: set[str] = set()
        for a in areas:
            units.update(self.area_units(a, current=False))
            paired_units.update(self.area_units(a, current=True))
        return {
            "households": len(households),
            "coveredHouseholds": len(households) - len(uncovered),
            "coveredDirectly": sum(1 for h in households if h in self.paired_directly),
            "coveredViaBuilding": sum(1 for h in households if h in self.via_building),
            "specialGroupResidents": sum(self._special_count(h) for h in households),
            "uncoveredSpecialGroupResidents": sum(self._special_count(h) for h in uncovered),
            "buildings": len(buildings),
            "buildingsWithLeader": sum(1 for b in buildings if self.leader_held(b)),
            "threeNoCompounds": len(compounds),
            "threeNoCompoundsWithPartyOrganization": len(with_org),
            "fiveHavesCompounds": sum(1 for c in compounds if self.five[c]["stage"] == "FIVE_HAVES"),
            "grids": len(grids),
            "gridsWithUnit": sum(1 for f in facts if any(self.area_units(a, current=True) for a in f["areas"])),
            "units": len(ix.codes("Unit")) if county else len(units),
            "pairedUnits": len(paired_units),
            "cadres": len(self.cadres) if county else len(set().union(*(f["cadres"] for f in facts))),
            "pairedCadres": len(set().union(*(f["pairedCadres"] for f in facts))),
            "volunteerTeams": (
                len(ix.codes("VolunteerTeam")) if county else len(set().union(*(f["teams"] for f in facts)))
            ),
        }

    # -- the lists

    def _current_pairings(self, member: str) -> list[Row]:
        return [r for r in _held(self.ix.outgoing("PAIRED_WITH", member), self.day)]

    def unpaired_cadres(self) -> list[str]:
        """Cadres paired with no household and no building on the day."""
        return [c for c in self.cadres if not self._current_pairings(c)]

    def building_only_cadres(self) -> list[str]:
        """Cadres paired with buildings (包楼栋) and with no household on the day."""
        found = []
        for c in self.cadres:
            labels = {self.ix.label[r["to"]] for r in self._current_pairings(c)}
            if labels == {"Building"}:
                found.append(c)
        return found

    def reported_members(self, grid: str) -> list[dict[str, str]]:
        """Who reports in to the grid (报到) on the day, and since when, by member code."""
        rows = _held(self.ix.incoming("REPORTED_TO", grid), self.day)
        return sorted(({"member": r["from"], "since": r["validFrom"].isoformat()} for r in rows),
                      key=lambda r: r["member"])  # fmt: skip

    def organizations_within(self, root: str) -> list[str]:
        """Party organizations answering, on the day, for ``root`` or territory below it."""
        ix = self.ix
        territory = [root] + [t for lab in ("Area", "Compound") for t in ix.below(root, lab)]
        return sorted({r["from"] for t in territory for r in _held(ix.incoming("ANSWERS_FOR", t), self.day)})

    def red_stewards(self, root: str) -> list[str]:
        """Red stewards (红色管家) living under ``root``."""
        return sorted(
            p
            for h in self.ix.below(root, "Household")
            for p in self.residents.get(h, [])
            if self.ix.node[p]["redSteward"]
        )

    def team_members(self, team: str) -> list[str]:
        """The volunteer team's members on the day."""
        return sorted({r["from"] for r in _held(self.ix.incoming("MEMBER_OF", team, "Person"), self.day)})

    def unit_activity(self, unit: str) -> dict[str, str | None]:
        """When the unit last did something, by the day: a service by one of its cadres, a micro-project it is
        coordinated with starting, completing or being cancelled, a pairing of it or of one of its cadres
        beginning or ending."""
        ix, day = self.ix, self.day
        cadres = [r["from"] for r in ix.incoming("WORKS_AT", unit)]
        services = [
            ix.node[r["from"]]["servedOn"]
            for c in cadres
            for r in ix.incoming("BY", c, "ServiceRecord")
            if ix.node[r["from"]].get("retractedOn") is None
        ]
        projects = [
            ix.node[r["from"]].get(key)
            for r in ix.incoming("COORDINATED_WITH", unit, "MicroProject")
            for key in ("startedOn", "completedOn", "cancelledOn")
        ]
        pairings = [
            r.get(key) for member in [unit, *cadres] for r in ix.outgoing("PAIRED_WITH", member)
            for key in ("validFrom", "validTo")
        ]  # fmt: skip

        def last(days: list[Any]) -> str | None:
            past = [d for d in days if d is not None and d <= day]
            return max(past).isoformat() if past else None

        found = {
            "lastServiceOn": last(services),
            "lastProjectOn": last(projects),
            "lastPairingChangeOn": last(pairings),
        }
        return {"lastActiveOn": last([date.fromisoformat(d) for d in found.values() if d]), **found}

    def queues(self) -> dict[str, dict[str, list[str]]]:
        """The wishes, matters and milestones overdue and due soon on the day (graph.rules' deadlines)."""
        ix, day = self.ix, self.day
        zone = COUNTY_TIMEZONE
        items: dict[str, list[tuple[str, date | None, date | None, date | None]]] = {
            "wishes": [],
            "matters": [],
            "milestones": [],
        }
        for w in self.ds.nodes["Wish"]:
            closings = [
                ix.node[r["from"]]["at"].astimezone(zone).date()
                for r in ix.incoming("OF", w["code"], "WishEvent")
                if ix.node[r["from"]]["status"] in CLOSED_WISH_STATUSES
            ]
            opened = w["submittedAt"].astimezone(zone).date()
            items["wishes"].append((w["code"], w.get("expectedBy"), opened, min(closings, default=None)))
        for m in self.ds.nodes["Matter"]:
            items["matters"].append((m["code"], m.get("dueOn"), m["raisedOn"], m.get("settledOn")))
        for m in self.ds.nodes["Milestone"]:
            project = ix.node[ix.outgoing("OF", m["code"])[0]["to"]]
            closings = [d for d in (m.get("doneOn"), project.get("cancelledOn")) if d is not None]
            items["milestones"].append((m["code"], m["dueOn"], None, min(closings, default=None)))
        return {
            rule.__name__.replace("due_soon", "dueSoon"): {
                kind: sorted(code for code, due, opened, closed in rows if rule(due, opened, closed, day))
                for kind, rows in items.items()
            }
            for rule in (overdue, due_soon)
        }

    def building_paired_members(self, building: str) -> list[str]:
        """The people paired with the whole building (包楼栋) on the day."""
        return sorted({r["from"] for r in _held(self.ix.incoming("PAIRED_WITH", building, "Person"), self.day)})

    def pairing_history(self, code: str) -> list[dict[str, Any]]:
        """Every pairing (联户, 包楼栋, 包片) of an entity, on either end, by start day, with its end."""
        ix = self.ix
        rows = ix.outgoing("PAIRED_WITH", code) + ix.incoming("PAIRED_WITH", code)
        return [
            {
                "from": r["from"],
                "to": r["to"],
                "validFrom": r["validFrom"].isoformat(),
                "validTo": r["validTo"].isoformat() if r["validTo"] else None,
                "endReason": r["endReason"],
            }
            for r in sorted(rows, key=lambda r: (r["validFrom"], r["from"], r["to"]))
        ]

    def _special_count(self, household: str) -> int:
        return sum(1 for p in self.residents.get(household, []) if self.ix.node[p]["specialGroups"])


def compute(ds: Dataset) -> dict[str, Any]:
    """The ground truth of ``ds`` at the reference date, as a JSON-ready dict."""
    t = Truth(ds)
    ix = t.ix
    day = t.day
    nodes, rels = ds.nodes, ds.rels
    county = ix.codes("County")[0]

    uncovered = [h for h in t.households if h not in t.covered]
    without_leader = [b for b in ix.codes("Building") if not t.leader_held(b)]
    vacant = [
        {"code": p, "role": t.post_role[p], "of": t.post_of[p]} for p in sorted(t.post_role) if not t.post_held[p]
    ]
    ended = []
    for r in rels["PAIRED_WITH"]:
        if r["validTo"] is not None and ix.label[r["from"]] == "Person" and ix.label[r["to"]] == "Household":
            ended.append(
                {
                    "member": r["from"],
                    "household": r["to"],
                    "validFrom": r["validFrom"].isoformat(),
                    "validTo": r["validTo"].isoformat(),
                    "endReason": r["endReason"],
                    "stillCovered": r["to"] in t.covered,
                }
            )
    ended.sort(key=lambda e: (e["household"], e["member"], e["validFrom"]))
    areas_without_unit = [a for a in ix.codes("Area") if not t.area_units(a, current=True)]
    ended_buildings = sorted(
        (
            {
                "member": r["from"],
                "building": r["to"],
                "validFrom": r["validFrom"].isoformat(),
                "validTo": r["validTo"].isoformat(),
                "endReason": r["endReason"],
            }
            for r in rels["PAIRED_WITH"]
            if r["validTo"] is not None and ix.label[r["to"]] == "Building"
        ),
        key=lambda e: (e["building"], e["member"], e["validFrom"]),
    )

    def count(label: str, **where: Any) -> int:
        return sum(1 for r in nodes[label] if all(r[k] == v for k, v in where.items()))

    orgs = nodes["PartyOrganization"]
    branches = [o for o in orgs if o["kind"] == "COMPOUND_BRANCH"]
    held_holders = {
        r["from"] for r in _held(rels["HOLDS"], day) if t.post_role[r["to"]] in ("BUILDING_LEADER", "CENTRAL_HOUSEHOLD")
    }
    police_holders = {r["from"] for r in _held(rels["HOLDS"], day) if t.post_role[r["to"]] == "POLICE_OFFICER"}
    teams_by = Counter(ix.label[r["to"]] for r in rels["ORGANIZED_BY"])
    groups = Counter(g for r in nodes["Person"] for g in r["specialGroups"])
    projects = nodes["MicroProject"]
    matters = nodes["Matter"]
    grants: dict[str, dict[str, int]] = {}
    for g in nodes["Grant"]:
        entry = grants.setdefault(g["kind"], {"count": 0, "totalYuan": 0})
        entry["count"] += 1
        entry["totalYuan"] += g["amountYuan"]
    residents = len(nodes["Person"])
    party = count("Person", isPartyMember=True)
    stages = Counter(t.five[c]["stage"] for c in ix.codes("Compound") if ix.node[c]["kind"] == "THREE_NO")
    current_reports = {r["from"] for r in _held(rels["REPORTED_TO"], day)}
    task_force = [r for r in rels["MEMBER_OF"] if ix.label[r["to"]] == "TaskForce"]
    figures = {
        "counties": len(nodes["County"]),
        "streets": len(nodes["Street"]),
        "communities": len(nodes["Community"]),
        "grids": len(nodes["Grid"]),
        "areas": len(nodes["Area"]),
        "areasByKind": dict(sorted(Counter(a["kind"] for a in nodes["Area"]).items())),
        "compounds": len(nodes["Compound"]),
        "threeNoCompounds": count("Compound", kind="THREE_NO"),
        "managedCompounds": count("Compound", kind="MANAGED"),
        "buildings": len(nodes["Building"]),
        "households": len(nodes["Household"]),
        "residents": residents,
        "partyMembers": party,
        "residentPartyMembers": sum(1 for r in nodes["Person"] if r["isPartyMember"] and r["code"] not in t.cadre_set),
        "specialGroups": dict(sorted(groups.items())),
        "specialGroupResidents": sum(1 for r in nodes["Person"] if r["specialGroups"]),
        "partyOrganizationsByKind": dict(sorted(Counter(o["kind"] for o in orgs).items())),
        "compoundBranchesStandalone": sum(1 for o in branches if not o["joint"]),
        "compoundBranchesJoint": sum(1 for o in branches if o["joint"]),
        "areaGroups": sum(1 for o in orgs if o["kind"] == "AREA_GROUP"),
        "postsByRole": dict(sorted(Counter(t.post_role.values()).items())),
        "buildingLeaderAndCentralHouseholdHolders": len(held_holders),
        "units": len(nodes["Unit"]),
        "unitsByKind": dict(sorted(Counter(u["kind"] for u in nodes["Unit"]).items())),
        "pairedUnits": len({r["from"] for r in _held(rels["PAIRED_WITH"], day) if ix.label[r["from"]] == "Unit"}),
        "cadres": len(t.cadres),
        "cadresReportedToGrid": sum(1 for c in t.cadres if c in current_reports),
        "pairedCadres": len(
            {
                r["from"]
                for r in _held(rels["PAIRED_WITH"], day)
                if r["from"] in t.cadre_set and ix.label[r["to"]] in ("Household", "Building")
            }
        ),
        "taskForceDepartments": len(task_force),
        "policeOfficers": len(police_holders),
        "volunteerTeams": len(nodes["VolunteerTeam"]),
        "volunteerTeamsByUnit": teams_by["Unit"],
        "volunteerTeamsByPartyOrganization": teams_by["PartyOrganization"],
        "redStewards": count("Person", redSteward=True),
        "selfGovernanceBodies": len(nodes["SelfGovernanceBody"]),
        "selfGovernanceBodiesByKind": dict(sorted(Counter(s["kind"] for s in nodes["SelfGovernanceBody"]).items())),
        "deliberationPlatforms": len(nodes["DeliberationPlatform"]),
        "venues": len(nodes["Venue"]),
        "upgradedVenues": count("Venue", upgraded=True),
        "wishesByStatus": dict(sorted(Counter(w["status"] for w in nodes["Wish"]).items())),
        "microProjectsByKind": dict(sorted(Counter(p["kind"] for p in projects).items())),
        "greeningPlants": sum(p["plants"] or 0 for p in projects if p["kind"] == "GREENING"),
        "lightingLights": sum(p["lights"] or 0 for p in projects if p["kind"] == "LIGHTING"),
        "serviceRecords": len(nodes["ServiceRecord"]),
        "serviceRecordsByKind": dict(sorted(Counter(s["kind"] for s in nodes["ServiceRecord"]).items())),
        "commendations": len(nodes["Commendation"]),
        "settledMattersByKind": dict(sorted(Counter(m["kind"] for m in matters if m["step"] == "DONE").items())),
        "openMattersByKind": dict(sorted(Counter(m["kind"] for m in matters if m["step"] != "DONE").items())),
        "grants": dict(sorted(grants.items())),
        "compoundStages": dict(sorted(stages.items())),
        "uncoveredHouseholds": len(uncovered),
        "householdsCoveredDirectly": len(t.paired_directly),
        "householdsCoveredOnlyViaBuilding": len(t.covered - t.paired_directly),
        "pairedBuildings": len(t.paired_buildings),
        "buildingsWithoutLeader": len(without_leader),
        "vacantPosts": len(vacant),
        "endedPairings": len(ended),
        "areasWithoutUnit": len(areas_without_unit),
    }
    coverage: dict[str, Any] = {"county": t.coverage(county)}
    for lab, key in (("Street", "streets"), ("Community", "communities"), ("Grid", "grids")):
        coverage[key] = {code: t.coverage(code) for code in ix.codes(lab)}
    before = Truth(ds, PAIRING_END_DATE.replace(day=29), ix)
    leader_before = Truth(ds, LEADER_END_DATE.replace(day=14), ix)

    named = {r["name"]: r["code"] for r in nodes["Compound"] if r["name"] in V.NAMED_THREE_NO}
    return {
        "scale": ds.scale,
        "seed": ds.seed,
        "fingerprint": ds.fingerprint(),
        "referenceDate": day.isoformat(),
        "pairingEndDate": PAIRING_END_DATE.isoformat(),
        "leaderEndDate": LEADER_END_DATE.isoformat(),
        "nodeCounts": ds.node_counts(),
        "relationshipCounts": ds.rel_counts(),
        "figures": figures,
        "coverage": coverage,
        "countyCoverageOn": {
            before.day.isoformat(): before.coverage(county),
            leader_before.day.isoformat(): leader_before.coverage(county),
        },
        "uncoveredHouseholds": uncovered,
        "uncoveredSpecialGroupHouseholds": [h for h in uncovered if h in t.special],
        "buildingsWithoutLeader": without_leader,
        "vacantPosts": vacant,
        "endedPairings": ended,
        "endedBuildingPairings": ended_buildings,
        "cadresWithoutPairing": {d.isoformat(): Truth(ds, d, ix).unpaired_cadres() for d in (PAIRING_END_DATE, day)},
        "cadresPairedOnlyWithBuildings": t.building_only_cadres(),
        "reportedMembersByGrid": {g: len(t.reported_members(g)) for g in ix.codes("Grid")},
        "partyOrganizationsByGrid": {g: t.organizations_within(g) for g in ix.codes("Grid")},
        "redStewardsByGrid": {g: len(t.red_stewards(g)) for g in ix.codes("Grid")},
        "volunteerTeamMembers": {team: len(t.team_members(team)) for team in ix.codes("VolunteerTeam")},
        "unitActivity": {u: t.unit_activity(u) for u in ix.codes("Unit")},
        "queues": {d.isoformat(): Truth(ds, d, ix).queues() for d in QUEUE_DAYS},
        "fiveHaves": {c: t.five[c] for c in ix.codes("Compound")},
        "areasWithoutUnit": areas_without_unit,
        "namedCompounds": dict(sorted(named.items())),
        "namedMatters": {
            r["title"]: r["code"]
            for r in nodes["Matter"]
            if r["title"] in ("福乐小区环境卫生整治", "景园小区飞线充电整治")
        },
        "namedProjects": {
            r["name"]: r["code"]
            for r in nodes["MicroProject"]
            if r["name"] in ("自来水厂小区加装电梯", "添景苑东段小区增装充电桩")
        },
        "samples": _samples(t),
    }


def _samples(t: Truth) -> dict[str, Any]:
    """Codes tests can use: a household with the full chain of responsibility, and a few others."""
    ix, day = t.ix, t.day
    chain: dict[str, Any] | None = None
    for h in t.households:
        # Paired with a cadre, in a building a cadre is paired with too: both kinds of cadre answer for it.
        if h not in t.paired_directly or ix.parent[h] not in t.paired_buildings:
            continue
        building = ix.parent[h]
        compound = ix.parent[building]
        if ix.label[compound] != "Compound" or ix.node[compound]["kind"] != "THREE_NO":
            continue
        area = ix.parent[compound]
        grid = ix.parent[area]
        community = ix.parent[grid]

        def holder(target: str, role: str) -> str | None:
            for p in t.posts_at.get(target, []):
                if t.post_role[p] == role:
                    for r in _held(ix.incoming("HOLDS", p), day):
                        return str(r["from"])
            return None

        leader = holder(building, "BUILDING_LEADER")
        central = holder(building, "CENTRAL_HOUSEHOLD")
        police = holder(compound, "POLICE_OFFICER")
        groups = t.orgs_for(area, "AREA_GROUP")
        branches = t.orgs_for(compound, "COMPOUND_BRANCH")
        units = t.area_units(area, current=True)
        if not (leader and central and police and groups and branches and units):
            continue
        if not (holder(groups[0], "GROUP_LEADER") and holder(branches[0], "SECRETARY")):
            continue
        chain = {
            "household": h,
            "building": building,
            "compound": compound,
            "area": area,
            "grid": grid,
            "community": community,
            "pairedMembers": sorted(r["from"] for r in _held(ix.incoming("PAIRED_WITH", h, "Person"), day)),
            "buildingPairedMembers": t.building_paired_members(building),
            "buildingLeader": leader,
            "centralHousehold": central,
            "areaGroup": groups[0],
            "areaGroupLeader": holder(groups[0], "GROUP_LEADER"),
            "compoundBranch": branches[0],
            "compoundBranchSecretary": holder(branches[0], "SECRETARY"),
            "gridBranch": t.orgs_for(grid, "GRID_BRANCH")[0],
            "pairedUnits": units,
            "policeOfficer": police,
            "communityCommittee": t.orgs_for(community, "COMMUNITY_COMMITTEE")[0],
        }
        break
    if chain is None:
        raise AssertionError("no household has the full chain of responsibility")
    head = next(r["from"] for r in t.ds.rels["HOLDS"] if t.post_role[r["to"]] == "TASK_FORCE_HEAD")
    changers = sorted({r["from"] for r in t.ds.rels["REPORTED_TO"] if r["validTo"] is not None})
    wishes: dict[str, str] = {}
    for w in t.ds.nodes["Wish"]:
        wishes.setdefault(w["status"], w["code"])
    via = next(h for h in t.households if h in t.via_building and h not in t.paired_directly)
    special_via = next(h for h in t.households if h in t.via_building and h not in t.paired_directly and h in t.special)
    repaired = next(r for r in t.ds.rels["PAIRED_WITH"] if r["endReason"] == "住户临时搬离")
    histories = {
        "household": repaired["to"],
        "building": next(r["to"] for r in t.ds.rels["PAIRED_WITH"] if r["validTo"] and ix.label[r["to"]] == "Building"),
        "person": next(r["from"] for r in t.ds.rels["PAIRED_WITH"] if r["endReason"] == "网格调整重新结对"),
        "unit": next(r["from"] for r in t.ds.rels["PAIRED_WITH"] if r["validTo"] and ix.label[r["from"]] == "Unit"),
    }
    return {
        "coveredViaBuilding": {
            "household": via,
            "building": ix.parent[via],
            "buildingPairedMembers": t.building_paired_members(ix.parent[via]),
        },
        "specialGroupHouseholdCoveredViaBuilding": special_via,
        "pairingHistories": {
            kind: {"code": code, "pairings": t.pairing_history(code)} for kind, code in histories.items()
        },
        "fullChain": chain,
        "gridPicture": _grid_picture(t),
        "taskForceHead": head,
        "gridChangers": changers,
        "wishByStatus": dict(sorted(wishes.items())),
        "firstGrid": ix.codes("Grid")[0],
        "firstGridReportedMembers": t.reported_members(ix.codes("Grid")[0]),
        "firstGridRedStewards": t.red_stewards(ix.codes("Grid")[0]),
        "firstTeamMembers": t.team_members(ix.codes("VolunteerTeam")[0]),
        "firstUnit": ix.codes("Unit")[0],
    }


def _grid_picture(t: Truth) -> dict[str, Any]:
    """The pairing picture (包片联户) of the grid with the fewest households: what a drawing of it must show."""
    ix, day = t.ix, t.day
    grid = min(ix.codes("Grid"), key=lambda g: (len(ix.below(g, "Household")), g))
    territory = {lab: ix.below(grid, lab) for lab in ("Area", "Compound", "Building", "Household")}
    inside = {code for codes in territory.values() for code in codes}
    pairings = sorted(
        [r["from"], r["to"]]
        for r in _held(t.ds.rels["PAIRED_WITH"], day)
        if r["to"] in inside and ix.label[r["from"]] in ("Person", "Unit")
    )
    return {
        "grid": grid,
        **{f"{lab[0].lower()}{lab[1:]}s": len(codes) for lab, codes in territory.items()},
        "coveredHouseholds": sum(1 for h in territory["Household"] if h in t.covered),
        "pairings": pairings,
    }

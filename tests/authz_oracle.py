"""What each viewer may see, worked out in Python from a dump of the graph: the tests' own statement of the
rules in ``docs/AUTHORIZATION.md``, independent of the Cypher (``scope/_visible``, ``scope/get_*_viewer``)
that the API applies, so that the two can be held against each other."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import neo4j

ANCHORS = frozenset(
    {"RESIDES_IN", "PAIRED_WITH", "REPORTED_TO", "HOLDS", "POST_OF", "ANSWERS_FOR", "SERVES", "FOR", "AT",
     "CONCERNS", "OF", "TO", "MEMBER_OF"}
)  # fmt: skip
"""Where an entity stands: what it lives in, is paired with, reports to, holds, is a post of, answers for,
serves, is for, is at, is about, is part of, is given to, is a member of."""
PUBLIC = frozenset({"Unit", "TaskForce"})
"""County-wide bodies every staff role and the analyst see."""


@dataclass
class Graph:
    label: dict[str, str] = field(default_factory=dict)
    out: dict[str, list[tuple[str, str, Any, Any]]] = field(default_factory=lambda: defaultdict(list))
    """code → (type, target code, validFrom, validTo)."""
    inward: dict[str, list[tuple[str, str, Any, Any]]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def dump(cls, db: neo4j.Driver) -> Graph:
        graph = cls()
        records, _, _ = db.execute_query(
            "MATCH (n:Entity) RETURN n.code AS code, [l IN labels(n) WHERE l <> 'Entity'][0] AS label"
        )
        graph.label = {r["code"]: r["label"] for r in records}
        records, _, _ = db.execute_query(
            "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.code AS a, type(r) AS t, b.code AS b, "
            "r.validFrom AS f, r.validTo AS u"
        )
        for r in records:
            f = r["f"].to_native() if r["f"] is not None else None
            u = r["u"].to_native() if r["u"] is not None else None
            graph.out[r["a"]].append((r["t"], r["b"], f, u))
            graph.inward[r["b"]].append((r["t"], r["a"], f, u))
        return graph

    # -- the territory tree

    def ancestors(self, code: str) -> list[str]:
        found, current = [], code
        while True:
            parents = [b for t, b, _, _ in self.out.get(current, ()) if t == "PART_OF"]
            if not parents:
                return found
            current = parents[0]
            found.append(current)

    def descendants(self, roots: set[str]) -> set[str]:
        found, todo = set(roots), list(roots)
        while todo:
            code = todo.pop()
            for t, child, _, _ in self.inward.get(code, ()):
                if t == "PART_OF" and child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def current(self, code: str, kinds: set[str], day: date, inward: bool = False) -> list[str]:
        edges = self.inward if inward else self.out
        return [
            other
            for t, other, f, u in edges.get(code, ())
            if t in kinds and (f is None or f <= day) and (u is None or day < u)
        ]

    def linked(self, code: str, kinds: set[str], inward: bool = False) -> list[str]:
        edges = self.inward if inward else self.out
        return [other for t, other, _, _ in edges.get(code, ()) if t in kinds]

    # -- what a viewer sees

    def territory_view(self, roots: set[str], day: date) -> set[str]:
        """Everything standing inside the roots (within two anchor hops), what lies above them, and the
        county-wide bodies."""
        inside = self.descendants(roots)
        seen = set(inside)
        # Entities one or two anchor hops away from something inside.
        one_hop = {source for code in inside for t, source, _, _ in self.inward.get(code, ()) if t in ANCHORS}
        two_hops = {source for code in one_hop for t, source, _, _ in self.inward.get(code, ()) if t in ANCHORS}
        seen |= one_hop | two_hops
        above = {a for root in roots for a in self.ancestors(root)}
        seen |= above
        seen |= {o for a in above for o in self.current(a, {"ANSWERS_FOR"}, day, inward=True)}
        seen |= {code for code, label in self.label.items() if label in PUBLIC}
        return seen

    def member_view(self, person: str, day: date) -> set[str]:
        """A Party member: themselves; the households paired with them directly or through a building,
        with their residents, wishes and service records; what they claimed or gave; their buildings,
        Party organizations, teams, posts (and what those are of), unit; and what lies above."""
        households = set(h for h in self.current(person, {"PAIRED_WITH"}, day) if self.label[h] == "Household")
        buildings = [b for b in self.current(person, {"PAIRED_WITH"}, day) if self.label[b] == "Building"]
        for building in buildings:
            households |= {h for h in self.linked(building, {"PART_OF"}, inward=True) if self.label[h] == "Household"}
        seen = {person} | households
        for h in households:
            seen |= set(self.linked(h, {"RESIDES_IN", "FOR"}, inward=True))
        seen |= {
            x
            for x in self.linked(person, {"CLAIMED_BY", "BY"}, inward=True)
            if self.label[x] in ("Wish", "ServiceRecord")
        }
        joined = [
            x for x in self.current(person, {"PAIRED_WITH", "MEMBER_OF"}, day)
            if self.label[x] in ("Building", "PartyOrganization", "VolunteerTeam")
        ]  # fmt: skip
        posts = self.current(person, {"HOLDS"}, day)
        posts_of = [x for p in posts for x in self.linked(p, {"POST_OF"})]
        seen |= set(joined) | set(posts) | set(posts_of) | set(self.linked(person, {"WORKS_AT"}))
        for x in list(households) + joined + posts_of:
            seen |= set(self.ancestors(x))
        return seen

    def resident_view(self, person: str) -> set[str]:
        """A resident: themselves, their household with its residents, wishes and service records, and
        what lies above it."""
        (household,) = self.linked(person, {"RESIDES_IN"})
        return (
            {household}
            | set(self.linked(household, {"RESIDES_IN", "FOR"}, inward=True))
            | set(self.ancestors(household))
        )

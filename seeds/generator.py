"""Generate the Tongguan data set: territory, people, organizations, pairings, services and planted gaps.

``generate(scale)`` is deterministic: every draw comes from ``random.Random`` instances seeded from
:data:`seeds.SEED` (one per street, so each street copy has its own draws) and a seeded
``Faker("zh_CN")``; nothing iterates a set or reads the clock. Scale 1 is the county seat of the
case study (one street, 城关街道); scale N repeats the street's structure N times, with 107×N
units and 3,048×N cadres.

The generator first *plans* which three-no compounds fall short of which of the five haves, then
builds the facts that make them so. The ground truth is computed afterwards, from the rows alone
(:mod:`seeds.truth`), so the plan steers the data but never stands in for it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from faker import Faker

from graph.rules import MATTER_DUE_DAYS
from seeds import (
    GRANT_YEAR,
    LAST_START,
    LEADER_END_DATE,
    PAIRING_END_DATE,
    PARTY_FEE_SUBSIDY_DATE,
    PROGRAM_START,
    REFERENCE_DATE,
    SEED,
    WORKING_FUNDS_DATE,
)
from seeds import vocab as V
from seeds.dataset import TIME_BOUNDED, Dataset, Row

T = TypeVar("T")

# Per street (the case's figures; "N余" resolved to a number).
GRIDS_PER_COMMUNITY = (6, 7, 6)
STANDALONE_BRANCHES = 14
JOINT_BRANCHES = 21
THREE_NO_COMPOUNDS = 76
MANAGED_COMPOUNDS = 24
ALLEY_AREAS = 20
SHOPFRONT_AREAS = 12
AREA_GROUPS = 47
POST_HOLDERS = 712
UNITS = 107
CADRES = 3048
POLICE_OFFICERS = 25
UNIT_TEAMS = 87
PARTY_TEAMS = 30
RED_STEWARDS = 916
SELF_GOVERNANCE_BODIES = 32
FAMILY_COMMITTEES = 26
PLATFORMS = 43
GRID_PLATFORMS = 15
VENUES = 37
NO_VENUE_GRIDS = 4
WISHES = {"FULFILLED": 64, "SUBMITTED": 4, "ACCEPTED": 4, "CLAIMED": 5, "REJECTED": 3, "CANCELLED": 3}
RENOVATIONS = 6
FACILITIES = 8
GREENING_SITES = 42
LIGHTING_PROJECTS = 12
SANITATION_PROJECTS = 4
SERVICE_RECORDS = 412
COMMENDATIONS = 21
SETTLED_MATTERS = {"GOVERNANCE": 53, "DISPUTE": 22, "ILLEGAL_STRUCTURE": 54}
OPEN_MATTERS = {"GOVERNANCE": 3, "DISPUTE": 2, "ILLEGAL_STRUCTURE": 2}
SPECIAL_GROUPS = {"ELDERLY_ALONE": 600, "POOR_STUDENT": 250, "DISABLED": 450}
ELDERLY_AND_DISABLED = 55
UNCOVERED_SPECIAL_HOUSEHOLDS = 36
BUILDING_COVERED_SPECIAL_HOUSEHOLDS = 12
PAIRED_BUILDING_SHARE = 0.35
ENDED_BUILDING_PAIRINGS = 8
VACANT_BRANCH_SECRETARIES = 3
VACANT_GROUP_LEADERS = 2
LEADERLESS_BUILDINGS_ENDED = 10
LEADERLESS_BUILDINGS_NEVER = 8
ENDED_ORPHANED = 40
ENDED_HANDED_OVER = 70
ENDED_REPAIRED = 10
GRID_CHANGERS = 15
WEAK_COMPOUNDS = 30
WORKING_FUNDS_YUAN = 10_000
PARTY_FEE_SUBSIDY_YUAN = 5_000

BASE_WIDTHS = {
    "ST": 2,
    "CM": 2,
    "GR": 2,
    "AR": 3,
    "CP": 3,
    "BD": 4,
    "HH": 5,
    "PS": 6,
    "PO": 3,
    "PT": 5,
    "UN": 3,
    "VT": 3,
    "VN": 2,
    "SG": 2,
    "DP": 2,
    "GT": 3,
    "WS": 4,
    "WE": 5,
    "MP": 3,
    "MS": 4,
    "SR": 4,
    "RM": 2,
    "MT": 3,
    "MX": 4,
}
COUNTY_CODE = "CT01"
TASK_FORCE_CODE = "TF01"

MALE, FEMALE = "M", "F"
THREE_NO, MANAGED = "THREE_NO", "MANAGED"
CRITERIA = ("PARTY_ORGANIZATION", "FORCES", "VENUE", "RESOURCES", "MECHANISM")


def generate(scale: int = 1) -> Dataset:
    """Build the whole data set for ``scale`` streets; the same ``scale`` always gives the same rows."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    return _Generator(scale).run()


# ---------------------------------------------------------------------------------------------- helpers


class _Codes:
    """Flat codes: a prefix and a zero-padded counter; widths grow with the scale."""

    def __init__(self, scale: int) -> None:
        self.extra = 0 if scale == 1 else len(str(scale - 1))
        self.counters: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        width = BASE_WIDTHS[prefix] + self.extra
        if n >= 10**width:
            raise OverflowError(f"code {prefix} overflowed {width} digits")
        return f"{prefix}{n:0{width}d}"


def _day(rng: random.Random, start: date, end: date) -> date:
    return date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _instant(rng: random.Random, day: date) -> datetime:
    # Office hours in Beijing (UTC+8) are 01:00-10:00 UTC.
    return datetime(day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59), rng.randint(0, 59), tzinfo=UTC)


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def _sample_weighted(rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int) -> list[T]:
    """k distinct items, heavier ones likelier (Efraimidis-Spirakis), in a deterministic order."""
    if k > len(items):
        raise ValueError(f"cannot pick {k} of {len(items)}")
    keyed = sorted(((rng.random() ** (1.0 / w) if w > 0 else 0.0, i) for i, w in enumerate(weights)), reverse=True)
    return [items[i] for _, i in keyed[:k]]


def _split(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder), each >= minimum."""
    n = len(weights)
    rest = total - minimum * n
    if rest < 0:
        raise ValueError("total too small for the minimum")
    wsum = sum(weights)
    raw = [rest * w / wsum for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(n), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[: rest - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


def _id_check_digit(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return "10X98765432"[total % 11]


def _strip_compound(name: str) -> str:
    for suffix in ("小区", "家属院", "新村", "楼院"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


# ---------------------------------------------------------------------------------------------- plan records


@dataclass(slots=True)
class _Grid:
    code: str
    name: str
    community: int
    areas: list[int] = field(default_factory=list)
    compounds: list[int] = field(default_factory=list)
    branches: list[int] = field(default_factory=list)
    households: list[int] = field(default_factory=list)
    org: str = ""
    secretary: int = -1
    venue: bool = True
    platform: bool = True


@dataclass(slots=True)
class _Area:
    code: str
    name: str
    kind: str
    grid: int
    road: str
    compounds: list[int] = field(default_factory=list)
    buildings: list[int] = field(default_factory=list)
    group: int = -1
    has_unit: bool = True


@dataclass(slots=True)
class _Compound:
    code: str
    name: str
    kind: str
    grid: int
    area: int = -1
    branch: int = -1
    road: str = ""
    number: int = 0
    buildings: list[int] = field(default_factory=list)
    fail: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Building:
    code: str
    name: str
    compound: int
    area: int
    grid: int
    households: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Household:
    code: str
    building: int
    grid: int
    container: int  # compound index, or -1 - area index when the building stands in no compound
    members: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Branch:
    compounds: list[int]
    grid: int = -1
    code: str = ""
    name: str = ""
    secretary: int = -1
    vacant: bool = False


@dataclass(slots=True)
class _Cadre:
    person: int
    unit: int
    grid: int = -1
    reported: date = PROGRAM_START
    old_grid: int = -1
    households: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- generator


class _Generator:
    def __init__(self, scale: int) -> None:
        self.scale = scale
        self.ds = Dataset(scale=scale, seed=SEED)
        self.codes = _Codes(scale)
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(SEED)
        person = self.faker.provider("faker.providers.person")
        phone = self.faker.provider("faker.providers.phone_number")
        assert person is not None and phone is not None
        last = list(person.last_names.items())  # type: ignore[attr-defined]
        self.surnames = [name for name, _ in last]
        self.surname_cum: list[float] = []
        acc = 0.0
        for _, w in last:
            acc += w
            self.surname_cum.append(acc)
        self.given_male = tuple(person.first_names_male)  # type: ignore[attr-defined]
        self.given_female = tuple(person.first_names_female)  # type: ignore[attr-defined]
        self.phone_prefixes = tuple(str(p) for p in phone.phonenumber_prefixes)  # type: ignore[attr-defined]
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.used_compound_names: set[str] = set()
        self.task_force_units: list[str] = []
        self.finance_unit = ""
        self.org_unit = ""

    # -- row helpers

    def node(self, label: str, row: Row) -> Row:
        self.ds.nodes[label].append(row)
        return row

    def rel(self, kind: str, frm: str, to: str, **props: Any) -> Row:
        row: Row = {"from": frm, "to": to}
        if kind in TIME_BOUNDED:
            row["validFrom"] = props.pop("validFrom")
            row["validTo"] = props.pop("validTo", None)
            row["endReason"] = props.pop("endReason", None)
        row.update(props)
        self.ds.rels[kind].append(row)
        return row

    def run(self) -> Dataset:
        self.node("County", {"code": COUNTY_CODE, "name": V.COUNTY_NAME})
        for k in range(self.scale):
            _Street(self, k).build()
        self._check()
        return self.ds

    def _check(self) -> None:
        """Invariants the loader relies on: unique codes, unique relationship keys, no future starts."""
        seen: set[str] = set()
        for rows in self.ds.nodes.values():
            for row in rows:
                if row["code"] in seen:
                    raise AssertionError(f"duplicate code {row['code']}")
                seen.add(row["code"])
        for kind, rows in self.ds.rels.items():
            keys: set[tuple[Any, ...]] = set()
            for row in rows:
                key = (row["from"], row["to"], row.get("validFrom"))
                if key in keys:
                    raise AssertionError(f"duplicate {kind} {key}")
                keys.add(key)
                if row["from"] not in seen or row["to"] not in seen:
                    raise AssertionError(f"{kind} {key} has a dangling end")
                if kind in TIME_BOUNDED:
                    vf, vt = row["validFrom"], row["validTo"]
                    if not (PROGRAM_START <= vf <= LAST_START) or (vt is not None and vt <= vf):
                        raise AssertionError(f"{kind} {key} has bad dates {vf}..{vt}")

    # -- people helpers

    def surname(self, rng: random.Random) -> str:
        x = rng.random() * self.surname_cum[-1]
        lo, hi = 0, len(self.surname_cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.surname_cum[mid] > x:
                hi = mid
            else:
                lo = mid + 1
        return self.surnames[lo]

    def given(self, rng: random.Random, gender: str, birth_year: int) -> str:
        if gender == MALE:
            era = V.OLD_GIVEN_MALE if birth_year < 1975 else V.YOUNG_GIVEN_MALE if birth_year >= 2000 else ()
            pool = self.given_male
        else:
            era = V.OLD_GIVEN_FEMALE if birth_year < 1975 else V.YOUNG_GIVEN_FEMALE if birth_year >= 2000 else ()
            pool = self.given_female
        if era and rng.random() < 0.35:
            return rng.choice(era)
        return rng.choice(pool)

    def id_number(self, rng: random.Random, birth: date, gender: str) -> str:
        for _ in range(1000):
            seq = rng.randint(0, 499) * 2 + (1 if gender == MALE else 0)
            body = f"{V.AREA_CODE}{birth:%Y%m%d}{seq:03d}"
            number = body + _id_check_digit(body)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
        raise AssertionError("ran out of ID sequence numbers")

    def phone(self, rng: random.Random) -> str:
        while True:
            number = rng.choice(self.phone_prefixes) + f"{rng.randint(0, 99_999_999):08d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number


class _Street:
    """One street's full structure (the case's 城关街道), drawn from its own random stream."""

    def __init__(self, gen: _Generator, k: int) -> None:
        self.gen = gen
        self.k = k
        self.rng = random.Random(SEED * 100 + k)
        self.late = random.Random(f"{SEED}:{k}:later")
        """Draws for facts added to the model later (planned starts), so the earlier ones keep their draws."""
        self.name = V.STREET_NAMES[k] if k < len(V.STREET_NAMES) else f"第{k + 1}街道"
        self.short = self.name.removesuffix("街道")
        self.communities: list[tuple[str, str]] = []
        self.community_orgs: list[str] = []
        self.grids: list[_Grid] = []
        self.areas: list[_Area] = []
        self.compounds: list[_Compound] = []
        self.buildings: list[_Building] = []
        self.households: list[_Household] = []
        self.people: list[Row] = []
        self.age: list[int] = []
        self.home: list[int] = []
        self.busy: list[bool] = []
        self.is_cadre: list[bool] = []
        self.branches: list[_Branch] = []
        self.units: list[Row] = []
        self.unit_by_name: dict[str, int] = {}
        self.unit_weight: list[int] = []
        self.cadres: list[_Cadre] = []
        self.unit_cadres: list[list[int]] = []
        self.unpaired: list[bool] = []  # household -> nobody paired with it at the reference date
        self.paired_buildings: set[int] = set()  # buildings a cadre is paired with at the reference date
        self.current_pairs: list[list[int]] = []  # household -> cadre indices (current at the reference date)
        self.wc_code = ""
        self.street_code = ""
        self.area_groups: list[tuple[str, int]] = []  # (org code, area index)
        self.building_leaders: list[int] = []
        self.central_households: list[int] = []
        self.platforms: list[tuple[str, str, int]] = []  # (code, target kind, target index)

    # ------------------------------------------------------------------------------------------ build

    def build(self) -> None:
        self.territory()
        self.residents()
        self.special_groups()
        self.units_and_cadres()
        self.plan_gaps()
        self.organizations()
        self.building_posts()
        self.pairings()
        self.unit_pairings()
        self.police()
        self.task_force()
        self.venues()
        self.self_governance()
        self.volunteer_teams()
        self.red_stewards()
        self.wishes()
        self.projects()
        self.services()
        self.commendations()
        self.matters()
        self.grants()
        self.finish_people()

    # ------------------------------------------------------------------------------------------ territory

    def territory(self) -> None:
        g, rng = self.gen, self.rng
        self.street_code = g.codes.next("ST")
        g.node("Street", {"code": self.street_code, "name": self.name})
        g.rel("PART_OF", self.street_code, COUNTY_CODE)
        names = list(V.COMMUNITY_NAMES)
        rng.shuffle(names)
        for cm, size in enumerate(GRIDS_PER_COMMUNITY):
            cname = names[cm] if self.k == 0 else f"{self.short}{names[cm]}"
            code = g.codes.next("CM")
            g.node("Community", {"code": code, "name": cname})
            g.rel("PART_OF", code, self.street_code)
            self.communities.append((code, cname))
            for j in range(size):
                gcode = g.codes.next("GR")
                number = len(self.grids) + 1
                grid = _Grid(gcode, f"{cname}第{j + 1}网格", cm)
                g.node("Grid", {"code": gcode, "name": grid.name, "number": number})
                g.rel("PART_OF", gcode, code)
                self.grids.append(grid)
        ngrids = len(self.grids)

        # Compound branches: 14 standalone + 21 joint (2-5 compounds) = 76 three-no compounds.
        sizes = [2] * JOINT_BRANCHES
        extra = THREE_NO_COMPOUNDS - STANDALONE_BRANCHES - 2 * JOINT_BRANCHES
        while extra:
            i = rng.randrange(JOINT_BRANCHES)
            if sizes[i] < 5:
                sizes[i] += 1
                extra -= 1
        sizes = [1] * STANDALONE_BRANCHES + sizes
        rng.shuffle(sizes)
        order = list(range(ngrids))
        rng.shuffle(order)
        branch_grids = order[:]
        while len(branch_grids) < len(sizes):
            gi = rng.randrange(ngrids)
            if branch_grids.count(gi) < 3:
                branch_grids.append(gi)
        for gi in branch_grids:
            self.grids[gi].branches.append(len(self.branches))
            self.branches.append(_Branch(compounds=[], grid=gi))

        # Three-no compounds (named ones in the first street) and managed ones.
        named = list(V.NAMED_THREE_NO) if self.k == 0 else []
        named_slots = rng.sample(range(THREE_NO_COMPOUNDS), len(named))
        n = 0
        for b, size in enumerate(sizes):
            branch = self.branches[b]
            for _ in range(size):
                name = named[named_slots.index(n)] if n in named_slots else self._three_no_name()
                ci = self._compound(name, THREE_NO, branch.grid)
                self.compounds[ci].branch = b
                branch.compounds.append(ci)
                n += 1
        managed_grids: list[int] = []
        while len(managed_grids) < MANAGED_COMPOUNDS:
            gi = rng.randrange(ngrids)
            if managed_grids.count(gi) < 3:
                managed_grids.append(gi)
        for gi in sorted(managed_grids):
            self._compound(self._managed_name(), MANAGED, gi)

        # Areas: three-no compounds in runs of 1-3 (branch-mates side by side), managed ones alone,
        # then alleys and shop-front rows so that every grid has several areas.
        for gi, grid in enumerate(self.grids):
            three = [ci for b in grid.branches for ci in self.branches[b].compounds]
            while three:
                size = min(len(three), _weighted(rng, [(1, 45), (2, 35), (3, 20)]))
                self._area("COMPOUND", gi, three[:size])
                three = three[size:]
            for ci in grid.compounds:
                if self.compounds[ci].kind == MANAGED:
                    self._area("COMPOUND", gi, [ci])
        alleys = list(V.ALLEYS)
        rng.shuffle(alleys)
        roads = list(V.ROADS)
        rng.shuffle(roads)
        extras = ["ALLEY"] * ALLEY_AREAS + ["SHOPFRONT"] * SHOPFRONT_AREAS
        rng.shuffle(extras)
        for kind in extras:
            few = [gi for gi, grid in enumerate(self.grids) if len(grid.areas) < 4]
            gi = rng.choice(few) if few else rng.randrange(ngrids)
            if kind == "ALLEY":
                self._area(kind, gi, [], alleys.pop() if alleys else f"{self.short}{len(self.areas)}号巷")
            else:
                self._area(kind, gi, [], roads.pop() if roads else f"{self.short}{len(self.areas)}号路")

        for area_index, area in enumerate(self.areas):
            g.node("Area", {"code": area.code, "name": area.name, "kind": area.kind})
            g.rel("PART_OF", area.code, self.grids[area.grid].code)
            for ci in area.compounds:
                c = self.compounds[ci]
                c.area = area_index
                c.road = area.road
                c.number = rng.randint(1, 199)
                built = rng.randint(1984, 2004) if c.kind == THREE_NO else rng.randint(2008, 2021)
                g.node(
                    "Compound",
                    {
                        "code": c.code,
                        "name": c.name,
                        "kind": c.kind,
                        "builtYear": built,
                        "address": f"{self.name}{c.road}{c.number}号",
                    },
                )
                g.rel("PART_OF", c.code, area.code)
                self._compound_buildings(ci, built)
            if area.kind == "ALLEY":
                for _ in range(rng.randint(3, 5)):
                    self._building(-1, area_index, f"{area.road}{rng.randint(1, 99)}号院", 1)
            elif area.kind == "SHOPFRONT":
                for _ in range(rng.randint(2, 4)):
                    self._building(-1, area_index, f"{area.road}{rng.randint(1, 299)}号商住楼", 0)

    def _three_no_name(self) -> str:
        rng = self.rng
        for _ in range(200):
            if rng.random() < 0.35:
                name = rng.choice(V.FAMILY_COMPOUND_OWNERS) + "家属院"
            else:
                name = rng.choice(V.OLD_COMPOUND_WORDS) + rng.choice(V.OLD_COMPOUND_SUFFIXES)
            if name in self.gen.used_compound_names or name in V.NAMED_THREE_NO:
                name = self.short + name
            if name not in self.gen.used_compound_names and name not in V.NAMED_THREE_NO:
                return name
        raise AssertionError("ran out of compound names")

    def _managed_name(self) -> str:
        rng = self.rng
        for _ in range(200):
            name = rng.choice(V.NEW_COMPOUND_WORDS) + rng.choice(V.NEW_COMPOUND_SUFFIXES)
            if name in self.gen.used_compound_names:
                name = self.short + name
            if name not in self.gen.used_compound_names:
                return name
        raise AssertionError("ran out of compound names")

    def _compound(self, name: str, kind: str, gi: int) -> int:
        self.gen.used_compound_names.add(name)
        self.compounds.append(_Compound(self.gen.codes.next("CP"), name, kind, gi))
        ci = len(self.compounds) - 1
        self.grids[gi].compounds.append(ci)
        return ci

    def _area(self, kind: str, gi: int, compounds: list[int], road: str = "") -> None:
        if kind == "COMPOUND":
            parts = [_strip_compound(self.compounds[ci].name) for ci in compounds[:2]]
            name = "·".join(parts) + "片区"
            road = self.rng.choice(V.ROADS)
        elif kind == "ALLEY":
            name = f"{road}片区"
        else:
            name = f"{road}沿街商铺片区"
        area = _Area(self.gen.codes.next("AR"), name, kind, gi, road, list(compounds))
        self.areas.append(area)
        self.grids[gi].areas.append(len(self.areas) - 1)

    def _compound_buildings(self, ci: int, built: int) -> None:
        rng = self.rng
        c = self.compounds[ci]
        if c.kind == THREE_NO:
            family = c.name.endswith("家属院")
            count = rng.randint(2, 5) if family else rng.randint(3, 7)
            for b in range(count):
                floors = rng.randint(3, 6) if built < 1995 else rng.randint(5, 7)
                self._building(ci, c.area, f"{b + 1}号楼", floors, units=rng.randint(2, 3), occupancy=0.93)
        else:
            for b in range(rng.randint(4, 8)):
                floors = rng.choice((11, 11, 18, 18, 24, 26))
                self._building(ci, c.area, f"{b + 1}号楼", floors, units=rng.randint(2, 3), occupancy=0.8)

    def _building(self, ci: int, ai: int, name: str, floors: int, *, units: int = 1, occupancy: float = 1.0) -> None:
        g, rng = self.gen, self.rng
        area = self.areas[ai]
        code = g.codes.next("BD")
        bi = len(self.buildings)
        kind = area.kind
        if ci >= 0:
            c = self.compounds[ci]
            full = f"{c.name}{name}"
            parent = c.code
        else:
            full = name
            parent = area.code
        if kind == "ALLEY":
            floors = rng.randint(1, 2)
        elif kind == "SHOPFRONT":
            floors = rng.randint(3, 5)
        g.node("Building", {"code": code, "name": full, "floors": floors})
        g.rel("PART_OF", code, parent)
        building = _Building(code, full, ci, ai, area.grid)
        self.buildings.append(building)
        if ci >= 0:
            self.compounds[ci].buildings.append(bi)
        else:
            area.buildings.append(bi)
        addresses: list[str] = []
        if kind == "ALLEY":
            for n in range(rng.randint(4, 14)):
                addresses.append(f"{self.name}{name}{n + 1}号")
        elif kind == "SHOPFRONT":
            for floor in range(2, floors + 1):
                for room in range(1, rng.randint(2, 4) + 1):
                    addresses.append(f"{self.name}{name}{floor}0{room}室")
        else:
            c = self.compounds[ci]
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for room in (1, 2):
                        if rng.random() < occupancy:
                            addresses.append(f"{self.name}{c.road}{c.number}号{c.name}{name}{unit}单元{floor}0{room}室")
        container = ci if ci >= 0 else -1 - ai
        for address in addresses:
            hcode = g.codes.next("HH")
            hi = len(self.households)
            self.households.append(_Household(hcode, bi, area.grid, container))
            building.households.append(hi)
            self.grids[area.grid].households.append(hi)
            g.node("Household", {"code": hcode, "address": address, "size": 0})
            g.rel("PART_OF", hcode, code)

    # ------------------------------------------------------------------------------------------ residents

    def residents(self) -> None:
        rng = self.rng
        sizes = {
            THREE_NO: [(1, 26), (2, 36), (3, 21), (4, 10), (5, 5), (6, 2)],
            MANAGED: [(1, 11), (2, 27), (3, 34), (4, 17), (5, 8), (6, 3)],
            "OTHER": [(1, 18), (2, 28), (3, 25), (4, 16), (5, 9), (6, 4)],
        }
        for hi, hh in enumerate(self.households):
            kind = self.compounds[hh.container].kind if hh.container >= 0 else "OTHER"
            size = _weighted(rng, sizes[kind])
            old = kind == THREE_NO
            family = self._family(size, old)
            surname = self.gen.surname(rng)
            for age, gender, own_surname in family:
                self._person(hi, age, gender, surname if not own_surname else self.gen.surname(rng))
        # Household sizes are the number of residents.
        rows = self.gen.ds.nodes["Household"]
        offset = len(rows) - len(self.households)
        for hi, hh in enumerate(self.households):
            rows[offset + hi]["size"] = len(hh.members)

    def _family(self, size: int, old: bool) -> list[tuple[int, str, bool]]:
        """(age, gender, has own surname) for each member; the head's surname is shared by default."""
        rng = self.rng
        if size == 1:
            if rng.random() < (0.62 if old else 0.45):
                return [(rng.randint(66, 93), _weighted(rng, [(FEMALE, 60), (MALE, 40)]), False)]
            return [(rng.randint(22, 64), rng.choice((MALE, FEMALE)), False)]
        if size == 2:
            r = rng.random()
            if r < (0.55 if old else 0.4):
                a = rng.randint(58, 88)
                return [(a, MALE, False), (max(55, a - rng.randint(0, 5)), FEMALE, True)]
            if r < 0.85:
                a = rng.randint(24, 57)
                return [(a, MALE, False), (max(22, a - rng.randint(0, 4)), FEMALE, True)]
            a = rng.randint(32, 55)
            return [
                (a, rng.choice((MALE, FEMALE)), False),
                (rng.randint(8, min(24, a - 22)), rng.choice((MALE, FEMALE)), False),
            ]
        if size == 3 and rng.random() < 0.2:
            a = rng.randint(62, 85)
            return [
                (a, MALE, False),
                (a - rng.randint(0, 4), FEMALE, True),
                (rng.randint(30, a - 24), rng.choice((MALE, FEMALE)), False),
            ]
        # A couple with children, and grandparents in larger households.
        a = rng.randint(28, 52)
        members = [(a, MALE, False), (max(23, a - rng.randint(0, 4)), FEMALE, True)]
        kids = min(size - 2, 2 if size < 5 else size - 4)
        for _ in range(kids):
            members.append((rng.randint(0, min(24, a - 23)), rng.choice((MALE, FEMALE)), False))
        while len(members) < size:
            ga = rng.randint(a + 22, min(95, a + 34))
            members.append((ga, MALE if len(members) % 2 == 0 else FEMALE, len(members) % 2 == 1))
        return members

    def _person(self, hi: int, age: int, gender: str, surname: str) -> int:
        g, rng = self.gen, self.rng
        birth = REFERENCE_DATE - timedelta(days=365 * age + rng.randint(1, 364) + age // 4)
        if age < 6:
            occupation = "学龄前儿童"
        elif age < 18:
            occupation = "学生"
        elif age < 23:
            occupation = "学生" if rng.random() < 0.6 else "务工人员"
        elif age < 60:
            occupation = _weighted(rng, V.ADULT_OCCUPATIONS)
        else:
            occupation = _weighted(rng, V.RETIRED_OCCUPATIONS)
        party_share = {
            "退休干部": 0.6,
            "退职社区干部": 0.7,
            "退职村干部": 0.5,
            "退休教师": 0.35,
            "退伍军人": 0.4,
            "教师": 0.2,
        }.get(occupation, 0.03 if age >= 25 else 0.0)
        row = {
            "code": g.codes.next("PS"),
            "name": surname + g.given(rng, gender, birth.year),
            "gender": gender,
            "birthDate": birth,
            "phone": g.phone(rng) if age >= 14 else None,
            "idNumber": g.id_number(rng, birth, gender),
            "isPartyMember": rng.random() < party_share,
            "specialGroups": [],
            "redSteward": False,
            "occupation": occupation,
        }
        pi = len(self.people)
        self.people.append(row)
        self.age.append(age)
        self.home.append(hi)
        self.busy.append(False)
        self.is_cadre.append(False)
        self.households[hi].members.append(pi)
        return pi

    def special_groups(self) -> None:
        rng = self.rng

        def weight(pi: int) -> float:
            hh = self.households[self.home[pi]]
            return 2.0 if hh.container >= 0 and self.compounds[hh.container].kind == THREE_NO else 1.0

        everyone = range(len(self.people))
        alone = [pi for pi in everyone if self.age[pi] >= 70 and len(self.households[self.home[pi]].members) == 1]
        elderly = _sample_weighted(rng, alone, [weight(pi) for pi in alone], SPECIAL_GROUPS["ELDERLY_ALONE"])
        students = [pi for pi in everyone if 6 <= self.age[pi] <= 22 and self.people[pi]["occupation"] == "学生"]
        poor = _sample_weighted(rng, students, [weight(pi) for pi in students], SPECIAL_GROUPS["POOR_STUDENT"])
        for pi in elderly:
            self.people[pi]["specialGroups"].append("ELDERLY_ALONE")
        for pi in poor:
            self.people[pi]["specialGroups"].append("POOR_STUDENT")
        both = rng.sample(elderly, ELDERLY_AND_DISABLED)
        others = [pi for pi in everyone if self.age[pi] >= 5 and not self.people[pi]["specialGroups"]]
        disabled = both + _sample_weighted(
            rng, others, [weight(pi) for pi in others], SPECIAL_GROUPS["DISABLED"] - ELDERLY_AND_DISABLED
        )
        for pi in disabled:
            self.people[pi]["specialGroups"].append("DISABLED")
        for pi in everyone:
            groups = self.people[pi]["specialGroups"]
            groups.sort(key=("ELDERLY_ALONE", "POOR_STUDENT", "DISABLED").index)

    def is_special(self, hi: int) -> bool:
        return any(self.people[pi]["specialGroups"] for pi in self.households[hi].members)

    # ------------------------------------------------------------------------------------------ units

    def units_and_cadres(self) -> None:
        g, rng = self.gen, self.rng
        for kind, base, weight in V.UNITS:
            name = base if self.k == 0 else f"{base}（{self.name}）"
            code = g.codes.next("UN")
            row = g.node("Unit", {"code": code, "name": name, "kind": kind})
            self.unit_by_name[base] = len(self.units)
            self.units.append(row)
            self.unit_weight.append(weight)
        if self.k == 0:
            g.finance_unit = self.units[self.unit_by_name[V.FINANCE]]["code"]
            g.org_unit = self.units[self.unit_by_name[V.ORGANIZATION_DEPARTMENT]]["code"]
            g.task_force_units = [
                self.units[self.unit_by_name[name]]["code"] for name, _, _ in V.TASK_FORCE_DEPARTMENTS
            ]
        counts = _split(CADRES, self.unit_weight, minimum=3)
        working = {o for o, _ in V.ADULT_OCCUPATIONS if o not in ("家务", "待业", "务工人员", "建筑工人", "快递员")}
        candidates = [
            pi
            for pi in range(len(self.people))
            if 24 <= self.age[pi] <= 58
            and not self.people[pi]["specialGroups"]
            and self.people[pi]["occupation"] in working
        ]
        weights = []
        for pi in candidates:
            hh = self.households[self.home[pi]]
            managed = hh.container >= 0 and self.compounds[hh.container].kind == MANAGED
            weights.append(1.6 if managed else 1.0)
        chosen = _sample_weighted(rng, candidates, weights, CADRES)
        self.unit_cadres = [[] for _ in self.units]
        start = 0
        for ui, count in enumerate(counts):
            for pi in chosen[start : start + count]:
                self.is_cadre[pi] = True
                self.busy[pi] = True
                row = self.people[pi]
                row["isPartyMember"] = True
                kind = self.units[ui]["kind"]
                row["occupation"] = "人民警察" if V.UNITS[ui][1] == V.PUBLIC_SECURITY else V.CADRE_OCCUPATIONS[kind]
                self.unit_cadres[ui].append(len(self.cadres))
                self.cadres.append(_Cadre(pi, ui))
                g.rel("WORKS_AT", row["code"], self.units[ui]["code"])
            start += count

    # ------------------------------------------------------------------------------------------ the plan

    def plan_gaps(self) -> None:
        """Choose which three-no compounds fall short of which haves; the rest must have all five."""
        rng = self.rng
        three = [ci for ci, c in enumerate(self.compounds) if c.kind == THREE_NO]
        named = {ci for ci in three if self.compounds[ci].name in V.NAMED_THREE_NO}

        # 3 compound branches lose their secretary (1 standalone, 2 joint of 2-3 compounds).
        single = [b for b, br in enumerate(self.branches) if len(br.compounds) == 1 and not named & set(br.compounds)]
        small = [
            b for b, br in enumerate(self.branches) if len(br.compounds) in (2, 3) and not named & set(br.compounds)
        ]
        vacant = rng.sample(single, 1) + rng.sample(small, VACANT_BRANCH_SECRETARIES - 1)
        weak: list[int] = []
        for b in vacant:
            self.branches[b].vacant = True
            for ci in self.branches[b].compounds:
                self.compounds[ci].fail.append("PARTY_ORGANIZATION")
                weak.append(ci)
        others = [ci for ci in three if ci not in weak and ci not in named]
        extra = rng.sample(others, WEAK_COMPOUNDS - len(weak))
        weak += extra

        # Grids without a grid venue: the four with the fewest three-no compounds.
        counts = sorted(
            (sum(self.compounds[ci].kind == THREE_NO for ci in grid.compounds), rng.random(), gi)
            for gi, grid in enumerate(self.grids)
        )
        no_venue = [gi for _, _, gi in counts[:NO_VENUE_GRIDS]]
        for gi in no_venue:
            self.grids[gi].venue = False

        menu = [("FORCES_COVERAGE", 22), ("FORCES_LEADER", 22), ("RESOURCES", 14), ("MECHANISM", 24), ("VENUE", 18)]
        resource_areas: list[int] = []
        for ci in extra:
            c = self.compounds[ci]
            picks = 2 if rng.random() < 0.2 else 1
            while len(c.fail) < picks:
                what = _weighted(rng, menu)
                if what == "VENUE" and c.grid not in no_venue:
                    continue
                if what == "RESOURCES":
                    if c.area not in resource_areas and len(resource_areas) >= 4:
                        continue
                    if c.area not in resource_areas:
                        resource_areas.append(c.area)
                if what not in c.fail:
                    c.fail.append(what)
        for ci in weak:
            if rng.random() < 0.3 and "PARTY_ORGANIZATION" in self.compounds[ci].fail:
                self.compounds[ci].fail.append(rng.choice(("FORCES_LEADER", "MECHANISM")))
        # Every kind of shortfall occurs at least twice.
        vacated = weak[: len(weak) - len(extra)]
        for what, _ in menu:
            have = [ci for ci in extra if what in self.compounds[ci].fail]
            pool = [ci for ci in three if ci not in named and ci not in vacated and what not in self.compounds[ci].fail]
            if what == "VENUE":
                pool = [ci for ci in pool if self.compounds[ci].grid in no_venue]
            if what == "RESOURCES":
                pool = [ci for ci in pool if self.compounds[ci].area in resource_areas or len(resource_areas) < 4]
            for ci in rng.sample(pool, max(0, min(len(pool), 2 - len(have)))):
                self.compounds[ci].fail.append(what)
                if ci not in extra:
                    extra.append(ci)
                    weak.append(ci)
                if what == "RESOURCES" and self.compounds[ci].area not in resource_areas:
                    resource_areas.append(self.compounds[ci].area)
        # Areas with no unit: those of the RESOURCES failures, plus alleys and shop-fronts up to six.
        for ai in resource_areas:
            self.areas[ai].has_unit = False
        bare = [ai for ai, a in enumerate(self.areas) if a.kind != "COMPOUND"]
        for ai in rng.sample(bare, 6 - len(resource_areas) if len(resource_areas) < 6 else 0):
            self.areas[ai].has_unit = False
        self.weak = sorted(weak)

    def fails(self, ci: int, what: str) -> bool:
        return what in self.compounds[ci].fail

    # ------------------------------------------------------------------------------------------ organizations

    def _pick_person(
        self,
        pool: Sequence[int],
        *,
        party: bool | None = None,
        min_age: int = 25,
        max_age: int = 120,
        prefer: tuple[str, ...] = (),
        required: bool = False,
    ) -> int:
        """A free resident from ``pool`` (preferring Party members and respected occupations)."""
        best: list[int] = []
        fallback: list[int] = []
        for pi in pool:
            if self.busy[pi] or not (min_age <= self.age[pi] <= max_age) or self.people[pi]["specialGroups"]:
                continue
            row = self.people[pi]
            if party is not None and row["isPartyMember"] != party:
                continue
            if row["isPartyMember"] or row["occupation"] in prefer:
                best.append(pi)
            else:
                fallback.append(pi)
        choice = best or fallback
        if not choice:
            if required:
                raise AssertionError("no free resident fits the post")
            return -1
        pi = self.rng.choice(choice)
        self.busy[pi] = True
        return pi

    def residents_of(self, households: Sequence[int]) -> list[int]:
        return [pi for hi in households for pi in self.households[hi].members]

    def compound_households(self, ci: int) -> list[int]:
        return [hi for bi in self.compounds[ci].buildings for hi in self.buildings[bi].households]

    def area_households(self, ai: int) -> list[int]:
        area = self.areas[ai]
        out = [hi for ci in area.compounds for hi in self.compound_households(ci)]
        return out + [hi for bi in area.buildings for hi in self.buildings[bi].households]

    def _post(self, role: str, title: str, of: str) -> str:
        code = self.gen.codes.next("PT")
        self.gen.node("Post", {"code": code, "role": role, "title": title})
        self.gen.rel("POST_OF", code, of)
        return code

    def _hold(self, pi: int, post: str, since: date, until: date | None = None, reason: str | None = None) -> None:
        self.gen.rel("HOLDS", self.people[pi]["code"], post, validFrom=since, validTo=until, endReason=reason)

    def _org(
        self,
        kind: str,
        name: str,
        founded: date,
        parent: str | None,
        territory: list[tuple[str, date]],
        joint: bool = False,
    ) -> str:
        g = self.gen
        code = g.codes.next("PO")
        g.node("PartyOrganization", {"code": code, "name": name, "kind": kind, "joint": joint, "foundedOn": founded})
        if parent:
            g.rel("UNDER", code, parent)
        for target, since in territory:
            g.rel("ANSWERS_FOR", code, target, validFrom=since)
        return code

    def organizations(self) -> None:
        g, rng = self.gen, self.rng
        everyone = range(len(self.people))
        street_pool = [pi for pi in everyone if self.is_party(pi)]
        self.wc_code = self._org(
            "STREET_WORKING_COMMITTEE",
            f"中共{self.name}工作委员会",
            date(2001, 7, 1),
            None,
            [(self.street_code, PROGRAM_START)],
        )
        self._secretary(self.wc_code, f"{self.name}党工委书记", street_pool, "街道党工委书记", PROGRAM_START)
        for c, (ccode, cname) in enumerate(self.communities):
            founded = date(rng.randint(2008, 2016), rng.randint(1, 12), 1)
            org = self._org(
                "COMMUNITY_COMMITTEE", f"中共{cname}委员会", founded, self.wc_code, [(ccode, PROGRAM_START)]
            )
            self.community_orgs.append(org)
            pool = [
                pi
                for gi, grid in enumerate(self.grids)
                if grid.community == c
                for pi in self.residents_of(grid.households)
                if self.is_party(pi)
            ]
            self._secretary(org, f"{cname}党委书记", pool, "社区党委书记", PROGRAM_START)
        for grid in self.grids:
            founded = _day(rng, PROGRAM_START, date(2023, 5, 31))
            grid.org = self._org(
                "GRID_BRANCH",
                f"{grid.name}党支部",
                founded,
                self.community_orgs[grid.community],
                [(grid.code, founded)],
            )
            pool = [pi for pi in self.residents_of(grid.households) if self.is_party(pi)]
            grid.secretary = self._secretary(grid.org, f"{grid.name}党支部书记", pool, "网格党支部书记", founded)

        # Compound branches, optimised in 2023 (so they answer for their compounds from then on).
        for branch in self.branches:
            grid = self.grids[branch.grid]
            names = [self.compounds[ci].name for ci in branch.compounds]
            joint = len(names) > 1
            branch.name = f"{names[0]}等{len(names)}个小区联合党支部" if joint else f"{names[0]}党支部"
            founded = date(rng.randint(2019, 2022), rng.randint(1, 12), 1)
            since = _day(rng, PROGRAM_START, date(2023, 10, 31))
            branch.code = self._org(
                "COMPOUND_BRANCH",
                branch.name,
                founded,
                grid.org,
                [(self.compounds[ci].code, since) for ci in branch.compounds],
                joint=joint,
            )
        # A few compounds moved from one branch to another of the same grid in March 2024.
        moved = 0
        for b, branch in enumerate(self.branches):
            if moved == 3 or len(branch.compounds) < 2:
                continue
            grid = self.grids[branch.grid]
            donors = [o for o in grid.branches if o != b and len(self.branches[o].compounds) >= 2]
            if not donors:
                continue
            ci = branch.compounds[-1]
            old = self.branches[rng.choice(donors)]
            g.rel(
                "ANSWERS_FOR",
                old.code,
                self.compounds[ci].code,
                validFrom=date(2023, 4, 15),
                validTo=date(2024, 3, 1),
                endReason="支部优化调整",
            )
            for row in reversed(g.ds.rels["ANSWERS_FOR"]):
                if row["from"] == branch.code and row["to"] == self.compounds[ci].code:
                    row["validFrom"] = date(2024, 3, 1)
                    break
            moved += 1
        for branch in self.branches:
            pool = [
                pi
                for ci in branch.compounds
                for pi in self.residents_of(self.compound_households(ci))
                if self.is_party(pi)
            ]
            title = f"{branch.name}书记"
            post = self._post("SECRETARY", title, branch.code)
            wide = [pi for pi in self.residents_of(self.grids[branch.grid].households) if self.is_party(pi)]
            pi = self._pick_person(pool, party=True, min_age=45, prefer=V.RESPECTED_OCCUPATIONS)
            if pi < 0:
                pi = self._pick_person(wide, party=True, min_age=35, required=True)
            since = _day(rng, date(2023, 4, 1), date(2023, 12, 31))
            if branch.vacant:
                until = _day(rng, date(2026, 7, 1), date(2026, 10, 20))
                self._hold(pi, post, since, until, rng.choice(("迁居外地", "身体原因辞去职务", "年龄原因退出")))
            elif rng.random() < 0.12:
                first_until = _day(rng, date(2024, 6, 1), date(2025, 12, 31))
                self._hold(pi, post, since, first_until, "换届调整")
                successor = self._pick_person(pool, party=True, min_age=40)
                if successor < 0:
                    successor = self._pick_person(wide, party=True, min_age=35, required=True)
                self._hold(successor, post, first_until)
                pi = successor
            else:
                self._hold(pi, post, since)
            branch.secretary = pi

        # Area Party groups: 47 compound or alley areas; none on the areas of compounds whose branch
        # lost its secretary, except one, so that a group can stand in for it.
        at_risk = sorted({self.compounds[ci].area for b in self.branches if b.vacant for ci in b.compounds})
        rescue = at_risk[:1]
        candidates = [
            ai for ai, a in enumerate(self.areas) if a.kind != "SHOPFRONT" and (ai not in at_risk or ai in rescue)
        ]
        weights = []
        for ai in candidates:
            a = self.areas[ai]
            three = any(self.compounds[ci].kind == THREE_NO for ci in a.compounds)
            weights.append(10.0 if ai in rescue else 3.0 if three else 1.5 if a.kind == "ALLEY" else 1.0)
        chosen = sorted(_sample_weighted(rng, candidates, weights, AREA_GROUPS))
        vacant_groups = rng.sample([ai for ai in chosen if ai not in rescue], VACANT_GROUP_LEADERS)
        for ai in chosen:
            area = self.areas[ai]
            grid = self.grids[area.grid]
            never = ai == vacant_groups[1]
            founded = date(2026, 9, 15) if never else _day(rng, date(2023, 5, 1), date(2024, 6, 30))
            code = self._org("AREA_GROUP", f"{area.name}党小组", founded, grid.org, [(area.code, founded)])
            area.group = len(self.area_groups)
            self.area_groups.append((code, ai))
            post = self._post("GROUP_LEADER", f"{area.name}党小组组长", code)
            if never:
                continue
            pool = [pi for pi in self.residents_of(self.area_households(ai)) if self.is_party(pi)]
            pi = self._pick_person(pool, party=True, min_age=30)
            if pi < 0:
                wide = [pi for pi in self.residents_of(grid.households) if self.is_party(pi)]
                pi = self._pick_person(wide, party=True, min_age=30, required=True)
            if ai == vacant_groups[0]:
                self._hold(pi, post, founded, date(2026, 9, 30), "工作调动")
            else:
                self._hold(pi, post, founded)

        # Party membership of resident Party members: their compound branch, else their grid branch.
        branch_of_compound = {ci: self.branches[b].code for b, br in enumerate(self.branches) for ci in br.compounds}
        for pi in everyone:
            if not self.is_party(pi):
                continue
            hh = self.households[self.home[pi]]
            org = branch_of_compound.get(hh.container) or self.grids[hh.grid].org
            g.rel("MEMBER_OF", self.people[pi]["code"], org, validFrom=_day(rng, PROGRAM_START, date(2024, 12, 31)))

    def is_party(self, pi: int) -> bool:
        return bool(self.people[pi]["isPartyMember"]) and not self.is_cadre[pi]

    def _secretary(self, org: str, title: str, pool: list[int], occupation: str, since: date) -> int:
        post = self._post("SECRETARY", title, org)
        pi = self._pick_person(pool, party=True, min_age=32, max_age=58, required=True)
        self.people[pi]["occupation"] = occupation
        self._hold(pi, post, since)
        return pi

    # ------------------------------------------------------------------------------------------ building posts

    def building_posts(self) -> None:
        """One building-leader post per building; central households make up 712 holders in all."""
        rng = self.rng
        leaderless_pool = []
        for ci in self.weak:
            if self.fails(ci, "FORCES_LEADER"):
                bs = self.compounds[ci].buildings
                leaderless_pool.append(rng.choice(bs))
        other = [
            bi for bi, b in enumerate(self.buildings) if b.compound < 0 or self.compounds[b.compound].kind == MANAGED
        ]
        want = LEADERLESS_BUILDINGS_ENDED + LEADERLESS_BUILDINGS_NEVER
        leaderless = leaderless_pool[:want]
        leaderless += rng.sample([bi for bi in other if bi not in leaderless], want - len(leaderless))
        never = set(rng.sample(leaderless, LEADERLESS_BUILDINGS_NEVER))
        held = len(self.buildings) - len(leaderless)
        central = POST_HOLDERS - held
        if not 40 <= central <= len(self.buildings) // 2:
            raise AssertionError(f"{central} central households do not fit {len(self.buildings)} buildings")
        for bi, b in enumerate(self.buildings):
            post = self._post("BUILDING_LEADER", f"{b.name}楼栋长", b.code)
            if bi in never:
                continue
            pool = self.residents_of(self._neighbourhood(bi))
            pi = self._leader(bi, pool)
            since = _day(rng, date(2023, 5, 1), date(2024, 6, 30))
            if bi in leaderless:
                self._hold(pi, post, since, LEADER_END_DATE, rng.choice(("迁居外地", "身体原因辞任", "外出照看孙辈")))
            elif rng.random() < 0.03:
                until = _day(rng, date(2024, 9, 1), date(2026, 3, 31))
                self._hold(pi, post, since, until, "居民推荐调整")
                successor = self._leader(bi, pool)
                self._hold(successor, post, until)
                self.building_leaders.append(successor)
            else:
                self._hold(pi, post, since)
                self.building_leaders.append(pi)
        # Central households: Party members living in the building, three-no compounds first.
        ranked = sorted(
            range(len(self.buildings)),
            key=lambda bi: (
                0
                if self.buildings[bi].compound >= 0 and self.compounds[self.buildings[bi].compound].kind == THREE_NO
                else 1,
                rng.random(),
            ),
        )
        made = 0
        for bi in ranked:
            if made == central:
                break
            b = self.buildings[bi]
            pool = self.residents_of(b.households)
            pi = self._pick_person(pool, party=True, min_age=35)
            if pi < 0:
                continue
            post = self._post("CENTRAL_HOUSEHOLD", f"{b.name}党员中心户", b.code)
            self._hold(pi, post, _day(rng, date(2023, 6, 1), date(2025, 12, 31)))
            self.central_households.append(pi)
            made += 1
        if made != central:
            raise AssertionError(f"only {made} of {central} central households found")

    def _neighbourhood(self, bi: int) -> list[int]:
        b = self.buildings[bi]
        if b.compound >= 0:
            return self.compound_households(b.compound)
        return self.area_households(b.area)

    def _leader(self, bi: int, pool: list[int]) -> int:
        own = self.residents_of(self.buildings[bi].households)
        pi = self._pick_person(own, min_age=40, max_age=80, prefer=V.RESPECTED_OCCUPATIONS)
        if pi < 0:
            pi = self._pick_person(pool, min_age=40, max_age=80, prefer=V.RESPECTED_OCCUPATIONS)
        if pi < 0:
            pi = self._pick_person(pool, min_age=22, max_age=85, required=True)
        return pi

    # ------------------------------------------------------------------------------------------ pairings

    def pairings(self) -> None:
        """Cadre-household and cadre-building pairings, reporting in, and the June 2026 wave of endings.

        Coverage counts both (:func:`graph.rules.covered`), so the gaps are planted in two steps: first the
        buildings that a cadre takes on as a whole (包楼栋) on the reference date, then the households nobody
        is paired with (联户). Those in a paired building are covered all the same; the others, outside every
        paired building, are the uncovered households of the ground truth, special-group ones among them.
        """
        g, rng = self.gen, self.rng
        nh = len(self.households)
        # 0. Paired buildings: a share of every grid's buildings, none in a compound meant to fall short of
        #    coverage (its uncovered households must stay uncovered).
        self.paired_buildings = self._plan_paired_buildings()
        paired_buildings = self.paired_buildings
        self.unpaired = [False] * nh
        # 1. Who nobody is paired with at the reference date, by container.
        containers: dict[int, list[int]] = {}
        for hi, hh in enumerate(self.households):
            containers.setdefault(hh.container, []).append(hi)
        for key in sorted(containers):
            members = containers[key]
            if key >= 0:
                comp = self.compounds[key]
                if comp.kind == MANAGED:
                    rate = rng.uniform(0.05, 0.12)
                elif "FORCES_COVERAGE" in comp.fail:
                    rate = rng.uniform(0.15, 0.3)
                elif comp.fail:
                    rate = rng.uniform(0.0, 0.07)
                else:
                    rate = rng.uniform(0.0, 0.06)
            else:
                rate = rng.uniform(0.04, 0.12)
            plain = [hi for hi in members if not self.is_special(hi)]
            for hi in rng.sample(plain, min(len(plain), int(rate * len(members)))):
                self.unpaired[hi] = True
        # Special-group households nobody visits: outside every paired building, where coverage is thin.
        special = [
            hi
            for hi in range(nh)
            if self.is_special(hi)
            and self.households[hi].building not in paired_buildings
            and (
                self.households[hi].container < 0
                or self.compounds[self.households[hi].container].kind == MANAGED
                or "FORCES_COVERAGE" in self.compounds[self.households[hi].container].fail
            )
        ]
        for hi in rng.sample(special, UNCOVERED_SPECIAL_HOUSEHOLDS):
            self.unpaired[hi] = True
        # And a few whose only cover is the cadre of their building.
        special = [hi for hi in range(nh) if self.is_special(hi) and self.households[hi].building in paired_buildings]
        for hi in rng.sample(special, BUILDING_COVERED_SPECIAL_HOUSEHOLDS):
            self.unpaired[hi] = True

        # 2. Pairing slots per grid: every covered household once, 6% twice.
        ngrids = len(self.grids)
        slots: list[list[int]] = [[] for _ in range(ngrids)]
        seconds: list[list[int]] = [[] for _ in range(ngrids)]
        for gi, grid in enumerate(self.grids):
            for hi in grid.households:
                if not self.unpaired[hi]:
                    slots[gi].append(hi)
                    if rng.random() < 0.06:
                        seconds[gi].append(hi)

        # 3. Cadres to grids in proportion to the slots, their own grid first.
        targets = _split(len(self.cadres), [len(slots[gi]) + len(seconds[gi]) for gi in range(ngrids)])
        by_home: list[list[int]] = [[] for _ in range(ngrids)]
        for k, cadre in enumerate(self.cadres):
            by_home[self.households[self.home[cadre.person]].grid].append(k)
        spill: list[int] = []
        assigned: list[list[int]] = []
        for gi in range(ngrids):
            rng.shuffle(by_home[gi])
            assigned.append(by_home[gi][: targets[gi]])
            spill += by_home[gi][targets[gi] :]
        for gi in range(ngrids):
            while len(assigned[gi]) < targets[gi]:
                assigned[gi].append(spill.pop())
            for k in assigned[gi]:
                self.cadres[k].grid = gi
        grid_cadres: list[list[int]] = [[] for _ in range(ngrids)]
        for k, cadre in enumerate(self.cadres):
            grid_cadres[cadre.grid].append(k)
            r = rng.random()
            if r < 0.7:
                cadre.reported = _day(rng, PROGRAM_START, date(2023, 12, 31))
            elif r < 0.9:
                cadre.reported = _day(rng, date(2024, 1, 1), date(2024, 12, 31))
            elif r < 0.98:
                cadre.reported = _day(rng, date(2025, 1, 1), date(2025, 12, 31))
            else:
                cadre.reported = _day(rng, date(2026, 1, 1), date(2026, 6, 20))

        # 4. Grid changers: 15 cadres move on 30 June 2026 from a grid of the same community.
        changers: list[int] = []
        for k in rng.sample(range(len(self.cadres)), len(self.cadres)):
            if len(changers) == GRID_CHANGERS:
                break
            cadre = self.cadres[k]
            if cadre.reported >= date(2026, 1, 1):
                continue
            same = [
                gi
                for gi, grid in enumerate(self.grids)
                if grid.community == self.grids[cadre.grid].community and gi != cadre.grid
            ]
            cadre.old_grid = rng.choice(same)
            changers.append(k)

        # 5. Share each grid's slots out: consecutive households (neighbours) to the same cadre.
        self.current_pairs = [[] for _ in range(nh)]
        self.since_of: dict[tuple[int, int], date] = {}
        building_only: set[int] = set()
        for gi in range(ngrids):
            ks = grid_cadres[gi]
            takers = []
            for k in ks:
                if rng.random() < 0.02 and k not in changers:
                    building_only.add(k)
                else:
                    takers.append(k)
            n = len(takers)
            total = len(slots[gi])
            base, rest = divmod(total, n)
            quota = [base + (1 if i < rest else 0) for i in range(n)]
            for _ in range(n * 2):
                i, j = rng.randrange(n), rng.randrange(n)
                m = rng.randint(1, 2)
                if i != j and quota[i] - m >= 3 and quota[j] + m <= 10:
                    quota[i] -= m
                    quota[j] += m
            pos = 0
            for i, k in enumerate(takers):
                for hi in slots[gi][pos : pos + quota[i]]:
                    self.cadres[k].households.append(hi)
                    self.current_pairs[hi].append(k)
                pos += quota[i]
            for hi in seconds[gi]:
                for _ in range(20):
                    k = rng.choice(takers)
                    if k not in self.current_pairs[hi]:
                        self.cadres[k].households.append(hi)
                        self.current_pairs[hi].append(k)
                        break

        # 6. The June 2026 wave: (a) orphaned households, (b) handed over, (c) re-paired with the same cadre.
        ended: list[tuple[int, int, str]] = []  # (cadre, household, reason)
        late: set[tuple[int, int]] = set()  # current pairings that started after the wave
        eligible = [
            hi
            for hi in range(nh)
            if self.unpaired[hi] and not self.is_special(hi) and self.households[hi].building not in paired_buildings
        ]
        for hi in rng.sample(eligible, ENDED_ORPHANED):
            ended.append((-1, hi, rng.choice(("住户长期外出务工", "结对调整"))))
        covered = [
            hi for hi in range(nh) if len(self.current_pairs[hi]) == 1 and self.current_pairs[hi][0] not in changers
        ]
        picks = rng.sample(covered, ENDED_HANDED_OVER + ENDED_REPAIRED)
        for hi in picks[:ENDED_HANDED_OVER]:
            ended.append((-1, hi, rng.choice(("干部工作调动", "结对调整"))))
            late.add((self.current_pairs[hi][0], hi))
        for hi in picks[ENDED_HANDED_OVER:]:
            k = self.current_pairs[hi][0]
            ended.append((k, hi, "住户临时搬离"))
            late.add((k, hi))
        # Grid changers take some of the endings in their old grid.
        pending = {k: 3 for k in changers}
        for idx, (k, hi, _reason) in enumerate(ended):
            if k >= 0:
                continue
            gi = self.households[hi].grid
            for c in changers:
                if pending[c] and self.cadres[c].old_grid == gi:
                    pending[c] -= 1
                    ended[idx] = (c, hi, "网格调整重新结对")
                    break
        # The rest: a cadre of the household's grid, reported early enough, not already paired with it.
        for idx, (k, hi, reason) in enumerate(ended):
            if k >= 0:
                continue
            gi = self.households[hi].grid
            for _ in range(100):
                c = rng.choice(grid_cadres[gi])
                cadre = self.cadres[c]
                if (
                    c not in building_only
                    and c not in changers
                    and cadre.households
                    and c not in self.current_pairs[hi]
                    and cadre.reported < date(2026, 3, 1)
                ):
                    ended[idx] = (c, hi, reason)
                    break
            else:
                raise AssertionError("no cadre to end a pairing with")
        # A grid changer who found no household in the old grid still changed grid.
        for k in changers:
            cadre = self.cadres[k]
            g.rel(
                "REPORTED_TO",
                self._pcode(cadre.person),
                self.grids[cadre.old_grid].code,
                validFrom=cadre.reported,
                validTo=PAIRING_END_DATE,
                endReason="网格调整",
            )
            g.rel("REPORTED_TO", self._pcode(cadre.person), self.grids[cadre.grid].code, validFrom=PAIRING_END_DATE)
        for k, cadre in enumerate(self.cadres):
            if k not in pending:
                g.rel("REPORTED_TO", self._pcode(cadre.person), self.grids[cadre.grid].code, validFrom=cadre.reported)

        def start(cadre: _Cadre, after: date, days: int = 60) -> date:
            return min(LAST_START, after + timedelta(days=rng.randint(0, days)))

        for k, hi, reason in ended:
            cadre = self.cadres[k]
            vf = min(date(2026, 6, 1), start(cadre, cadre.reported, 120))
            g.rel(
                "PAIRED_WITH",
                self._pcode(cadre.person),
                self.households[hi].code,
                validFrom=vf,
                validTo=PAIRING_END_DATE,
                endReason=reason,
            )
        for k, cadre in enumerate(self.cadres):
            for hi in cadre.households:
                if k in pending or (k, hi) in late:
                    vf = _day(rng, PAIRING_END_DATE + timedelta(days=1 if (k, hi) in late else 0), LAST_START)
                else:
                    vf = start(cadre, cadre.reported)
                self.since_of[(k, hi)] = vf
                g.rel("PAIRED_WITH", self._pcode(cadre.person), self.households[hi].code, validFrom=vf)
        # 7. Building pairings (包楼栋): each paired building takes one cadre of its grid (sometimes two),
        #    preferably one already paired with a household in it; the cadres paired with no household each
        #    take one of their grid's paired buildings.
        takers_of: dict[int, list[int]] = {}
        for bi in sorted(paired_buildings):
            takers_of.setdefault(bi, [])
        for gi in range(ngrids):
            own = [bi for bi in sorted(paired_buildings) if self.buildings[bi].grid == gi]
            for i, k in enumerate(sorted(k for k in building_only if self.cadres[k].grid == gi)):
                takers_of[own[i % len(own)]].append(k)
        for bi, takers in takers_of.items():
            b = self.buildings[bi]
            near = sorted({k for hi in b.households for k in self.current_pairs[hi]})
            others = [k for k in grid_cadres[b.grid] if k not in building_only]
            wanted = 1 if takers or rng.random() < 0.8 else 2
            while len(takers) < wanted:
                k = rng.choice(near or others)
                if k not in takers:
                    takers.append(k)
                near = [c for c in near if c != k]
            for k in takers:
                cadre = self.cadres[k]
                vf = _day(rng, PAIRING_END_DATE, LAST_START) if k in pending else start(cadre, cadre.reported, 90)
                g.rel("PAIRED_WITH", self._pcode(cadre.person), b.code, validFrom=vf)
        # 8. Building pairings that ended in the June wave, leaving buildings nobody is paired with.
        bare = [bi for bi in range(len(self.buildings)) if bi not in paired_buildings]
        for bi in sorted(rng.sample(bare, ENDED_BUILDING_PAIRINGS)):
            b = self.buildings[bi]
            choices = [
                k
                for k in grid_cadres[b.grid]
                if k not in building_only and k not in pending and self.cadres[k].reported < date(2026, 3, 1)
            ]
            cadre = self.cadres[rng.choice(choices)]
            g.rel(
                "PAIRED_WITH",
                self._pcode(cadre.person),
                b.code,
                validFrom=min(date(2026, 6, 1), start(cadre, cadre.reported, 120)),
                validTo=PAIRING_END_DATE,
                endReason=rng.choice(("干部工作调动", "包楼栋调整")),
            )

    def _plan_paired_buildings(self) -> set[int]:
        """The buildings a cadre is paired with at the reference date: a share of each grid's buildings, none
        in a compound meant to fall short of coverage."""
        rng = self.rng
        chosen: set[int] = set()
        for gi in range(len(self.grids)):
            pool = [
                bi
                for bi, b in enumerate(self.buildings)
                if b.grid == gi and (b.compound < 0 or "FORCES_COVERAGE" not in self.compounds[b.compound].fail)
            ]
            chosen.update(rng.sample(pool, max(1, round(PAIRED_BUILDING_SHARE * len(pool)))))
        return chosen

    def _pcode(self, pi: int) -> str:
        return str(self.people[pi]["code"])

    # ------------------------------------------------------------------------------------------ units

    def unit_pairings(self) -> None:
        g, rng = self.gen, self.rng
        paired = [ai for ai, a in enumerate(self.areas) if a.has_unit]
        unpaired = [ai for ai, a in enumerate(self.areas) if not a.has_unit]
        order = list(range(len(self.units)))
        rng.shuffle(order)
        areas_of: list[list[int]] = [[] for _ in self.units]
        shuffled = paired[:]
        rng.shuffle(shuffled)
        for i, ui in enumerate(order):
            areas_of[ui].append(shuffled[i] if i < len(shuffled) else rng.choice(paired))
        for i in range(len(order), len(shuffled)):
            areas_of[rng.choice(order)].append(shuffled[i])
        for ui in range(len(self.units)):
            if self.unit_weight[ui] >= 50:
                extra = rng.choice(paired)
                if extra not in areas_of[ui]:
                    areas_of[ui].append(extra)
        self.unit_areas = areas_of
        for ui, unit in enumerate(self.units):
            for ai in areas_of[ui]:
                r = rng.random()
                vf = (
                    _day(rng, PROGRAM_START, date(2023, 9, 30))
                    if r < 0.85
                    else _day(rng, date(2023, 10, 1), LAST_START)
                )
                g.rel("PAIRED_WITH", unit["code"], self.areas[ai].code, validFrom=vf)
        # Two of the bare areas had a unit until the spring of 2026.
        for ai in unpaired[:2]:
            ui = rng.randrange(len(self.units))
            g.rel(
                "PAIRED_WITH",
                self.units[ui]["code"],
                self.areas[ai].code,
                validFrom=_day(rng, PROGRAM_START, date(2023, 9, 30)),
                validTo=date(2026, 3, 31),
                endReason="包联单位调整",
            )

    def police(self) -> None:
        g, rng = self.gen, self.rng
        police = self.unit_cadres[self.unit_by_name[V.PUBLIC_SECURITY]]
        officers = rng.sample(police, POLICE_OFFICERS)
        three = sorted(
            (ci for ci, c in enumerate(self.compounds) if c.kind == THREE_NO),
            key=lambda ci: (self.compounds[ci].grid, ci),
        )
        sizes = _split(len(three), [1.0] * POLICE_OFFICERS)
        pos = 0
        self.police_of: dict[int, int] = {}
        for k, size in zip(officers, sizes, strict=True):
            since = _day(rng, date(2023, 5, 1), date(2023, 12, 31))
            for ci in three[pos : pos + size]:
                c = self.compounds[ci]
                post = self._post("POLICE_OFFICER", f"{c.name}包片干警", c.code)
                g.rel("HOLDS", self._pcode(self.cadres[k].person), post, validFrom=since)
                self.police_of[ci] = self.cadres[k].person
            pos += size

    def task_force(self) -> None:
        g = self.gen
        if self.k != 0:
            return
        g.node("TaskForce", {"code": TASK_FORCE_CODE, "name": V.TASK_FORCE_NAME})
        for (_, role, duty), code in zip(V.TASK_FORCE_DEPARTMENTS, g.task_force_units, strict=True):
            g.rel("MEMBER_OF", code, TASK_FORCE_CODE, validFrom=PROGRAM_START, role=role, duty=duty)
        org = self.unit_cadres[self.unit_by_name[V.ORGANIZATION_DEPARTMENT]]
        head = max(
            org, key=lambda k: (self.age[self.cadres[k].person] if self.age[self.cadres[k].person] <= 56 else 0, -k)
        )
        pi = self.cadres[head].person
        self.people[pi]["occupation"] = "县委常委、组织部部长"
        post = self.gen.codes.next("PT")
        g.node("Post", {"code": post, "role": "TASK_FORCE_HEAD", "title": f"{V.TASK_FORCE_NAME}组长"})
        g.rel("POST_OF", post, TASK_FORCE_CODE)
        g.rel("HOLDS", self._pcode(pi), post, validFrom=PROGRAM_START)

    # ------------------------------------------------------------------------------------------ venues, bodies

    def venues(self) -> None:
        g, rng = self.gen, self.rng
        grid_venues = [gi for gi, grid in enumerate(self.grids) if grid.venue]
        compound_venues: list[int] = []
        for grid in self.grids:
            if grid.venue:
                continue
            for ci in grid.compounds:
                c = self.compounds[ci]
                if c.kind == THREE_NO and "VENUE" not in c.fail:
                    compound_venues.append(ci)
        room = VENUES - len(grid_venues) - len(compound_venues)
        if room < 0:
            raise AssertionError("too many compounds need a venue of their own")
        spare = [ci for ci, c in enumerate(self.compounds) if c.kind == THREE_NO and self.grids[c.grid].venue]
        compound_venues += rng.sample(spare, room)
        for gi in grid_venues:
            grid = self.grids[gi]
            code = g.codes.next("VN")
            g.node(
                "Venue",
                {
                    "code": code,
                    "name": grid.name + rng.choice(V.VENUE_GRID_SUFFIXES),
                    "address": f"{self.name}{rng.choice(V.ROADS)}{rng.randint(1, 199)}号",
                    "areaM2": rng.randint(120, 400),
                    "upgraded": True,
                },
            )
            g.rel("SERVES", code, grid.code, validFrom=_day(rng, date(2023, 6, 1), date(2025, 10, 31)))
            g.rel("RUN_BY", code, grid.org)
        for ci in compound_venues:
            c = self.compounds[ci]
            code = g.codes.next("VN")
            g.node(
                "Venue",
                {
                    "code": code,
                    "name": c.name + rng.choice(V.VENUE_COMPOUND_SUFFIXES),
                    "address": f"{self.name}{c.road}{c.number}号",
                    "areaM2": rng.randint(30, 120),
                    "upgraded": True,
                },
            )
            g.rel("SERVES", code, c.code, validFrom=_day(rng, date(2023, 6, 1), date(2025, 10, 31)))
            g.rel("RUN_BY", code, self.branches[c.branch].code if c.branch >= 0 else self.grids[c.grid].org)

    def self_governance(self) -> None:
        """32 family / property committees, and 43 deliberation platforms."""
        g, rng = self.gen, self.rng
        # Bodies: one per compound branch, for its compounds that are not to fail MECHANISM.
        groups: list[list[int]] = []
        for branch in self.branches:
            members = [ci for ci in branch.compounds if "MECHANISM" not in self.compounds[ci].fail]
            if members:
                groups.append(members)
        while len(groups) > SELF_GOVERNANCE_BODIES:
            groups.sort(key=len)
            a = groups.pop(0)
            for other in groups:
                if self.compounds[other[0]].grid == self.compounds[a[0]].grid:
                    other.extend(a)
                    break
            else:
                groups[0].extend(a)
        managed = [ci for ci, c in enumerate(self.compounds) if c.kind == MANAGED]
        for ci in rng.sample(managed, SELF_GOVERNANCE_BODIES - len(groups)):
            groups.append([ci])
        kinds = ["FAMILY_COMMITTEE"] * FAMILY_COMMITTEES + ["PROPERTY_COMMITTEE"] * (
            SELF_GOVERNANCE_BODIES - FAMILY_COMMITTEES
        )
        # Property committees where a managed compound or a single old compound manages itself.
        order = sorted(
            range(len(groups)),
            key=lambda i: (self.compounds[groups[i][0]].kind != MANAGED, len(groups[i]), rng.random()),
        )
        kind_of = {
            i: "PROPERTY_COMMITTEE" if rank < len(kinds) - FAMILY_COMMITTEES else "FAMILY_COMMITTEE"
            for rank, i in enumerate(order)
        }
        for i, members in enumerate(groups):
            kind = kind_of[i]
            first = self.compounds[members[0]].name
            label = "家委会" if kind == "FAMILY_COMMITTEE" else "物管会"
            name = f"{first}{label}" if len(members) == 1 else f"{first}等{len(members)}个小区联合{label}"
            code = g.codes.next("SG")
            founded = _day(rng, date(2023, 5, 1), date(2025, 12, 31))
            g.node("SelfGovernanceBody", {"code": code, "name": name, "kind": kind, "foundedOn": founded})
            for ci in members:
                g.rel("SERVES", code, self.compounds[ci].code, validFrom=founded)

        # Platforms: 15 grids, and compounds (those in the other grids first).
        small = [
            gi
            for gi, grid in enumerate(self.grids)
            if sum(self.compounds[ci].kind == THREE_NO for ci in grid.compounds) <= 5
        ]
        bare = rng.sample(small, len(self.grids) - GRID_PLATFORMS)
        with_platform = [gi for gi in range(len(self.grids)) if gi not in bare]
        for gi, grid in enumerate(self.grids):
            grid.platform = gi in with_platform
        targets: list[int] = []
        for grid in self.grids:
            if not grid.platform:
                targets += [ci for ci in grid.compounds if self.compounds[ci].kind == THREE_NO]
        need = PLATFORMS - GRID_PLATFORMS
        if len(targets) > need:
            raise AssertionError("too many compounds need a platform of their own")
        spare = [ci for ci, c in enumerate(self.compounds) if ci not in targets and self.grids[c.grid].platform]
        targets += rng.sample(spare, need - len(targets))
        for gi in sorted(with_platform):
            self._platform("GRID", gi)
        for ci in targets:
            self._platform("COMPOUND", ci)

    def _platform(self, kind: str, index: int) -> None:
        g, rng = self.gen, self.rng
        pname, schedule = rng.choice(V.PLATFORM_NAMES)
        if kind == "GRID":
            grid = self.grids[index]
            target, owner, label = grid.code, grid.org, grid.name
        else:
            c = self.compounds[index]
            target = c.code
            owner = self.branches[c.branch].code if c.branch >= 0 else self.grids[c.grid].org
            label = c.name
        code = g.codes.next("DP")
        g.node("DeliberationPlatform", {"code": code, "name": f"{label}{pname}", "schedule": schedule})
        g.rel("SERVES", code, target, validFrom=_day(rng, date(2023, 5, 1), date(2025, 12, 31)))
        g.rel("RUN_BY", code, owner)
        self.platforms.append((code, kind, index))

    # ------------------------------------------------------------------------------------------ volunteers

    def volunteer_teams(self) -> None:
        rng = self.rng
        self.team_members: list[int] = []
        units = sorted(_sample_weighted(rng, range(len(self.units)), [w + 20 for w in self.unit_weight], UNIT_TEAMS))
        for ui in units:
            unit = self.units[ui]
            compounds = [ci for ai in self.unit_areas[ui] for ci in self.areas[ai].compounds]
            if not compounds:
                gi = self.areas[self.unit_areas[ui][0]].grid
                compounds = self.grids[gi].compounds
            serves = rng.sample(compounds, min(len(compounds), rng.randint(1, 3)))
            members = [
                self.cadres[k].person
                for k in rng.sample(self.unit_cadres[ui], min(len(self.unit_cadres[ui]), rng.randint(6, 15)))
            ]
            pool = self.residents_of([hi for ci in serves for hi in self.compound_households(ci)])
            members += [
                pi
                for pi in rng.sample(pool, min(len(pool), rng.randint(0, 5)))
                if 18 <= self.age[pi] <= 75 and pi not in members
            ]
            name = unit["name"] + "党员志愿服务队"
            self._team(name, unit["code"], serves, members)
        orgs = [(grid.org, grid.name, grid.compounds) for grid in self.grids]
        orgs += [
            (b.code, b.name.removesuffix("党支部"), b.compounds)
            for b in rng.sample(self.branches, PARTY_TEAMS - len(self.grids))
        ]
        for code, label, compounds in orgs:
            serves = rng.sample(compounds, min(len(compounds), rng.randint(1, 3)))
            pool = self.residents_of([hi for ci in serves for hi in self.compound_households(ci)])
            adults = [pi for pi in pool if 18 <= self.age[pi] <= 75 and not self.is_cadre[pi]]
            party = [pi for pi in adults if self.people[pi]["isPartyMember"]]
            members = rng.sample(party, min(len(party), rng.randint(5, 12)))
            members += [pi for pi in rng.sample(adults, min(len(adults), rng.randint(3, 8))) if pi not in members]
            self._team(label + rng.choice(V.PARTY_TEAM_NAMES), code, serves, members)

    def _team(self, name: str, organizer: str, serves: list[int], members: list[int]) -> None:
        g, rng = self.gen, self.rng
        code = g.codes.next("VT")
        g.node("VolunteerTeam", {"code": code, "name": name, "focus": rng.choice(V.TEAM_FOCUSES)})
        g.rel("ORGANIZED_BY", code, organizer)
        founded = _day(rng, date(2023, 5, 1), date(2025, 6, 30))
        for ci in serves:
            g.rel("SERVES", code, self.compounds[ci].code, validFrom=_day(rng, founded, LAST_START))
        for pi in members:
            g.rel("MEMBER_OF", self._pcode(pi), code, validFrom=_day(rng, founded, LAST_START))
            self.team_members.append(pi)

    def red_stewards(self) -> None:
        """Exactly 916: building leaders and central households, then Party volunteers and group leaders."""
        rng = self.rng
        chosen: list[int] = []
        taken = [False] * len(self.people)
        for pi in self.building_leaders + self.central_households:
            if not taken[pi]:
                taken[pi] = True
                chosen.append(pi)
        volunteers = [pi for pi in self.team_members if not self.is_cadre[pi] and self.people[pi]["isPartyMember"]]
        rng.shuffle(volunteers)
        group_leaders = [
            pi
            for pi in range(len(self.people))
            if not self.is_cadre[pi] and 40 <= self.age[pi] <= 75 and not self.people[pi]["specialGroups"]
        ]
        rng.shuffle(group_leaders)
        for pi in volunteers + group_leaders:
            if len(chosen) == RED_STEWARDS:
                break
            if not taken[pi]:
                taken[pi] = True
                chosen.append(pi)
                if pi in group_leaders and pi not in volunteers and not self.busy[pi]:
                    self.people[pi]["occupation"] = "居民小组长"
        if len(chosen) != RED_STEWARDS:
            raise AssertionError("not enough red stewards")
        for pi in chosen:
            self.people[pi]["redSteward"] = True

    # ------------------------------------------------------------------------------------------ three micro

    def wishes(self) -> None:
        g, rng = self.gen, self.rng
        requesters = [pi for pi in range(len(self.people)) if self.people[pi]["specialGroups"] and self.age[pi] >= 8]
        statuses = [s for s, n in WISHES.items() for _ in range(n)]
        rng.shuffle(statuses)
        for status, pi in zip(statuses, rng.sample(requesters, len(statuses)), strict=True):
            hi = self.home[pi]
            hh = self.households[hi]
            grid = self.grids[hh.grid]
            category = rng.choice(self.people[pi]["specialGroups"])
            title = rng.choice(V.WISH_TITLES[category])
            if status == "FULFILLED":
                day = _day(rng, date(2023, 6, 1), date(2026, 9, 15))
            else:
                day = _day(rng, date(2026, 9, 20), date(2026, 10, 24))
            code = g.codes.next("WS")
            submitted = _instant(rng, day)
            events: list[tuple[str, datetime, str, str | None]] = [
                ("SUBMITTED", submitted, self._pcode(grid.secretary), "网格员入户登记")
            ]
            claimer = -1
            at = submitted
            if status in ("ACCEPTED", "CLAIMED", "FULFILLED") or (status == "CANCELLED" and rng.random() < 0.5):
                at = at + timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 5))
                events.append(("ACCEPTED", at, grid.org, "网格党支部审核建单"))
            if status in ("CLAIMED", "FULFILLED"):
                paired = self.current_pairs[hi]
                k = paired[0] if paired else rng.choice([c for c, cd in enumerate(self.cadres) if cd.grid == hh.grid])
                claimer = self.cadres[k].person
                at = at + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 8))
                events.append(("CLAIMED", at, self._pcode(claimer), "党员认领"))
            if status == "FULFILLED":
                at = at + timedelta(days=rng.randint(2, 20))
                events.append(("FULFILLED", at, self._pcode(claimer), "心愿已实现，居民满意"))
            if status == "REJECTED":
                at = at + timedelta(days=rng.randint(1, 4))
                events.append(("REJECTED", at, grid.org, "不属于微心愿范围，已转民政部门办理"))
            if status == "CANCELLED":
                at = at + timedelta(days=rng.randint(1, 4))
                events.append(("CANCELLED", at, self._pcode(pi), "心愿已由家人解决"))
            if at.date() >= REFERENCE_DATE:
                raise AssertionError("a wish event after the reference date")
            expected = day + timedelta(days=rng.randint(14, 45))
            g.node(
                "Wish",
                {
                    "code": code,
                    "title": title,
                    "description": f"{title}。网格员入户走访时登记。",
                    "category": category,
                    "status": status,
                    "submittedAt": submitted,
                    # The day it is expected done is set when an organization accepts it.
                    "expectedBy": expected if any(e[0] == "ACCEPTED" for e in events) else None,
                    "rating": rng.choice((4, 5, 5, 5, None)) if status == "FULFILLED" else None,
                    "version": len(events),
                },
            )
            g.rel("FOR", code, hh.code)
            g.rel("REQUESTED_BY", code, self._pcode(pi))
            g.rel("SUBMITTED_BY", code, self._pcode(grid.secretary))
            if any(e[0] == "ACCEPTED" for e in events):
                g.rel("ACCEPTED_BY", code, grid.org)
            if claimer >= 0:
                g.rel("CLAIMED_BY", code, self._pcode(claimer))
            for estatus, eat, by, note in events:
                ecode = g.codes.next("WE")
                g.node("WishEvent", {"code": ecode, "status": estatus, "at": eat, "note": note})
                g.rel("OF", ecode, code)
                g.rel("BY", ecode, by)

    def projects(self) -> None:
        """Micro-projects, none of them where a compound is meant to lack resources."""
        g, rng = self.gen, self.rng
        blocked_areas = {ai for ai, a in enumerate(self.areas) if not a.has_unit}
        resources_fail = [ci for ci, c in enumerate(self.compounds) if "RESOURCES" in c.fail]
        # Compounds in a bare area that are not meant to fail get a project of their own.
        rescue = [
            ci
            for ai in sorted(blocked_areas)
            for ci in self.areas[ai].compounds
            if ci not in resources_fail and self.compounds[ci].kind == THREE_NO
        ]
        three = [
            ci
            for ci, c in enumerate(self.compounds)
            if c.kind == THREE_NO and c.area not in blocked_areas and ci not in resources_fail
        ]
        open_areas = [ai for ai, a in enumerate(self.areas) if ai not in blocked_areas and a.kind != "COMPOUND"]
        named = {self.compounds[ci].name: ci for ci in range(len(self.compounds))}

        def place(
            kind: str,
            name: str,
            at: tuple[str, int],
            started: date | None,
            completed: date | None,
            status: str,
            plants: int | None = None,
            lights: int | None = None,
            late: bool = False,
        ) -> None:
            begin = started or _day(rng, date(2026, 10, 1), date(2026, 10, 31))
            # Planned to start on the day it began, or up to a month before (its own draws).
            planned = begin - timedelta(days=self.late.randint(0, 30)) if started else begin
            code = g.codes.next("MP")
            progress = 100 if status == "COMPLETED" else 0 if status == "PLANNED" else rng.randint(20, 85)
            budget = {
                "RENOVATION": (800_000, 3_000_000),
                "FACILITY": (60_000, 600_000),
                "GREENING": (5_000, 40_000),
                "LIGHTING": (8_000, 60_000),
                "SANITATION": (3_000, 30_000),
            }[kind]
            g.node(
                "MicroProject",
                {
                    "code": code,
                    "name": name,
                    "kind": kind,
                    "budgetYuan": rng.randint(*budget) // 100 * 100,
                    "status": status,
                    "progress": progress,
                    "plannedStartOn": planned,
                    "startedOn": started,
                    "completedOn": completed,
                    "plants": plants,
                    "lights": lights,
                },
            )
            target_kind, index = at
            if target_kind == "COMPOUND":
                c = self.compounds[index]
                g.rel("AT", code, c.code)
                gi = c.grid
            else:
                g.rel("AT", code, self.areas[index].code)
                gi = self.areas[index].grid
            owner = self.grids[gi].org if rng.random() < 0.6 else self.community_orgs[self.grids[gi].community]
            g.rel("OWNED_BY", code, owner)
            departments = V.PROJECT_DEPARTMENTS[kind]
            for dname in rng.sample(departments, rng.randint(1, min(2, len(departments)))):
                g.rel("COORDINATED_WITH", code, self.units[self.unit_by_name[dname]]["code"])
            steps = {
                "RENOVATION": ("设计方案评审", "施工进场", "主体完工", "竣工验收"),
                "FACILITY": ("方案公示", "施工安装", "验收投用"),
                "GREENING": ("苗木栽植",),
                "LIGHTING": ("灯具安装",),
                "SANITATION": ("集中清理", "长效保洁"),
            }[kind]
            end = completed or begin + timedelta(days=120)
            for i, title in enumerate(steps):
                due = begin + (end - begin) * (i + 1) // len(steps)
                done = due if completed or (started and due < REFERENCE_DATE and i < len(steps) - 1) else None
                # A project running late: its second milestone is past due and not done (an overdue milestone).
                if late and i == 1:
                    done = None
                mcode = g.codes.next("MS")
                g.node("Milestone", {"code": mcode, "title": title, "dueOn": due, "doneOn": done})
                g.rel("OF", mcode, code)

        def span(early: date, late: date, months: tuple[int, int]) -> tuple[date, date]:
            s = _day(rng, early, late)
            return s, s + timedelta(days=30 * rng.randint(*months))

        s: date | None
        e: date | None
        for ci in rng.sample(three, RENOVATIONS):
            s, e = span(date(2023, 5, 1), date(2025, 3, 31), (4, 9))
            place("RENOVATION", f"{self.compounds[ci].name}老旧小区改造工程", ("COMPOUND", ci), s, e, "COMPLETED")
        facilities: list[tuple[int, str]] = []
        if self.k == 0:
            facilities += [(named["自来水厂小区"], "加装电梯"), (named["添景苑东段小区"], "增装充电桩")]
        titles = list(V.FACILITY_PROJECTS)
        for ci in rng.sample(three, FACILITIES - len(facilities)):
            facilities.append(
                (ci, titles.pop(rng.randrange(len(titles))) if titles else rng.choice(V.FACILITY_PROJECTS))
            )
        for i, (ci, what) in enumerate(facilities):
            if i == 0 and self.k == 0:
                s, e, status = date(2025, 9, 10), date(2026, 4, 28), "COMPLETED"
            elif i == len(facilities) - 1:
                s, e, status = date(2026, 8, 1), None, "IN_PROGRESS"
            else:
                s, e = span(date(2024, 3, 1), date(2026, 2, 28), (1, 4))
                status = "COMPLETED"
            if ci in resources_fail:
                raise AssertionError("a facility project where resources should be lacking")
            place("FACILITY", f"{self.compounds[ci].name}{what}", ("COMPOUND", ci), s, e, status,
                  late=status == "IN_PROGRESS")  # fmt: skip
        # Greening: 42 sites, 3,9xx plants; rescue compounds first (recent planting).
        plants_total = 3900 + rng.randint(10, 99)
        plants = _split(plants_total, [rng.uniform(0.5, 2.0) for _ in range(GREENING_SITES)], minimum=20)
        sites: list[tuple[str, int]] = [("COMPOUND", ci) for ci in rescue]
        while len(sites) < GREENING_SITES:
            if rng.random() < 0.5:
                sites.append(("AREA", rng.choice(open_areas)))
            else:
                sites.append(("COMPOUND", rng.choice(three)))
        for i, (site, n) in enumerate(zip(sites, plants, strict=True)):
            if i < len(rescue):
                s = _day(rng, date(2026, 3, 1), date(2026, 5, 31))
            else:
                s = _day(rng, date(2023, 4, 1), date(2026, 9, 15))
            e = s + timedelta(days=rng.randint(5, 40))
            label = (
                self.compounds[site[1]].name if site[0] == "COMPOUND" else self.areas[site[1]].name.removesuffix("片区")
            )
            status = "COMPLETED" if e < REFERENCE_DATE else "IN_PROGRESS"
            place("GREENING", f"{label}增绿", site, s, e if status == "COMPLETED" else None, status, plants=n)
        lights_total = 300 + rng.randint(5, 60)
        lights = _split(lights_total, [rng.uniform(0.5, 2.0) for _ in range(LIGHTING_PROJECTS)], minimum=8)
        for n in lights:
            site = ("AREA", rng.choice(open_areas)) if rng.random() < 0.6 else ("COMPOUND", rng.choice(three))
            s = _day(rng, date(2023, 6, 1), date(2026, 9, 1))
            e = s + timedelta(days=rng.randint(7, 30))
            label = (
                self.compounds[site[1]].name if site[0] == "COMPOUND" else self.areas[site[1]].name.removesuffix("片区")
            )
            place("LIGHTING", f"{label}增亮", site, s, e, "COMPLETED", lights=n)
        for i in range(SANITATION_PROJECTS):
            ci = rng.choice(three)
            planned = i == SANITATION_PROJECTS - 1
            s = None if planned else _day(rng, date(2024, 1, 1), date(2026, 8, 31))
            e = None if planned else s + timedelta(days=rng.randint(10, 60)) if s else None
            status = "PLANNED" if planned else "COMPLETED"
            place("SANITATION", f"{self.compounds[ci].name}环境卫生整治", ("COMPOUND", ci), s, e, status)

    def services(self) -> None:
        g, rng = self.gen, self.rng
        kinds = [(kind, label) for kind, label, n in V.SERVICE_KINDS for _ in range(n)]
        if len(kinds) != SERVICE_RECORDS:
            raise AssertionError("service kinds do not add up")
        covered = [hi for hi in range(len(self.households)) if self.current_pairs[hi]]
        veterans = [
            hi
            for hi in covered
            if any(self.people[pi]["occupation"] == "退伍军人" for pi in self.households[hi].members)
        ]
        elders = [hi for hi in covered if any(self.age[pi] >= 58 for pi in self.households[hi].members)]
        special = [hi for hi in covered if self.is_special(hi)]
        for kind, label in kinds:
            pool = veterans if kind == "VETERAN_REVIEW" else elders if kind == "PENSION_FILING" else special
            hi = rng.choice(pool)
            k = rng.choice(self.current_pairs[hi])
            code = g.codes.next("SR")
            g.node(
                "ServiceRecord",
                {
                    "code": code,
                    "kind": kind,
                    "method": rng.choice(V.FIVE_SMALL),
                    "servedOn": _day(rng, max(self.since_of[(k, hi)], date(2023, 6, 1)), date(2026, 10, 31)),
                    "description": label,
                },
            )
            g.rel("BY", code, self._pcode(self.cadres[k].person))
            g.rel("FOR", code, self.households[hi].code)

    def commendations(self) -> None:
        g, rng = self.gen, self.rng
        given: list[int] = []
        for i in range(COMMENDATIONS):
            title = V.COMMENDATION_TITLES[i % len(V.COMMENDATION_TITLES)]
            while True:
                pi = rng.randrange(len(self.people))
                row = self.people[pi]
                age = self.age[pi]
                ok = {
                    "好婆婆": row["gender"] == FEMALE and age >= 55,
                    "好媳妇": row["gender"] == FEMALE and 28 <= age <= 55,
                    "优秀红色管家": row["redSteward"],
                    "优秀楼栋长": pi in self.building_leaders,
                }.get(title, age >= 25)
                if ok and pi not in given:
                    break
            given.append(pi)
            code = g.codes.next("RM")
            g.node("Commendation", {"code": code, "title": title, "year": rng.randint(2023, 2026)})
            g.rel("TO", code, self._pcode(pi))

    def matters(self) -> None:
        g, rng = self.gen, self.rng
        three = [ci for ci, c in enumerate(self.compounds) if c.kind == THREE_NO]
        named = {self.compounds[ci].name: ci for ci in three}
        flow = ("DELIBERATE", "SORT_OUT", "EVALUATE", "CARRY_OUT")
        notes = ("相关方议", "党组织理", "居民代表评", "多方合作办")
        plan: list[tuple[str, str, int, bool]] = []  # (kind, title, compound, settled)
        if self.k == 0:
            plan.append(("GOVERNANCE", "福乐小区环境卫生整治", named["福乐小区"], True))
            plan.append(("GOVERNANCE", "景园小区飞线充电整治", named["景园小区"], True))
        for kind, count in SETTLED_MATTERS.items():
            titles = {
                "GOVERNANCE": V.GOVERNANCE_MATTERS,
                "DISPUTE": V.DISPUTE_MATTERS,
                "ILLEGAL_STRUCTURE": V.ILLEGAL_STRUCTURE_MATTERS,
            }[kind]
            done = sum(1 for p in plan if p[0] == kind)
            for settled, n in ((True, count - done), (False, OPEN_MATTERS[kind])):
                for _ in range(n):
                    ci = rng.choice(three)
                    plan.append((kind, self.compounds[ci].name + rng.choice(titles), ci, settled))
        for kind, title, ci, settled in plan:
            c = self.compounds[ci]
            code = g.codes.next("MT")
            if settled:
                raised = _day(rng, date(2023, 5, 1), date(2026, 8, 31))
                reached = 4
            else:
                raised = _day(rng, date(2026, 8, 1), date(2026, 10, 10))
                reached = rng.randint(1, 3)
            days = [raised]
            for _ in range(1, reached):
                days.append(days[-1] + timedelta(days=rng.randint(3, 10)))
            settled_on = days[-1] + timedelta(days=rng.randint(3, 20)) if settled else None
            if settled_on and settled_on >= REFERENCE_DATE:
                settled_on = REFERENCE_DATE - timedelta(days=1)
            outcome = (
                {
                    "GOVERNANCE": "已整治到位，居民代表评议满意",
                    "DISPUTE": "双方达成调解协议",
                    "ILLEGAL_STRUCTURE": "违建已拆除，恢复公共空间",
                }[kind]
                if settled
                else None
            )
            g.node(
                "Matter",
                {
                    "code": code,
                    "title": title,
                    "kind": kind,
                    "step": "DONE" if settled else flow[reached - 1],
                    "outcome": outcome,
                    "raisedOn": raised,
                    "dueOn": raised + timedelta(days=MATTER_DUE_DAYS),
                    "settledOn": settled_on,
                },
            )
            here = [
                p for p in self.platforms if (p[1] == "COMPOUND" and p[2] == ci) or (p[1] == "GRID" and p[2] == c.grid)
            ]
            if not here:
                here = [
                    p
                    for p in self.platforms
                    if p[1] == "GRID" and self.grids[p[2]].community == self.grids[c.grid].community
                ]
            g.rel("RAISED_AT", code, rng.choice(here or self.platforms)[0])
            g.rel("CONCERNS", code, c.code)
            for i in range(reached):
                scode = g.codes.next("MX")
                g.node("MatterStep", {"code": scode, "step": flow[i], "on": days[i], "note": notes[i]})
                g.rel("OF", scode, code)

    def grants(self) -> None:
        g = self.gen
        for grid in self.grids:
            for kind, amount, day, source in (
                ("WORKING_FUNDS", WORKING_FUNDS_YUAN, WORKING_FUNDS_DATE, g.finance_unit),
                ("PARTY_FEE_SUBSIDY", PARTY_FEE_SUBSIDY_YUAN, PARTY_FEE_SUBSIDY_DATE, g.org_unit),
            ):
                code = g.codes.next("GT")
                g.node(
                    "Grant", {"code": code, "kind": kind, "amountYuan": amount, "year": GRANT_YEAR, "disbursedOn": day}
                )
                g.rel("TO", code, grid.org)
                g.rel("FROM", code, source)

    def finish_people(self) -> None:
        """Residents are written last, once posts, special groups and red stewards are settled."""
        g = self.gen
        for pi, row in enumerate(self.people):
            g.node("Person", row)
            g.rel("RESIDES_IN", row["code"], self.households[self.home[pi]].code)

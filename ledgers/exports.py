"""Each ledger's rows, page by page, read as the viewer: the same catalogued queries, scope and masking as the API.

Every read goes through the request's read helper (:meth:`resolvers.loaders.Loaders.read`): the query gets the
viewer's ``$scope`` and includes ``scope/_visible`` on its rows, and the rows come back through
:func:`graph.privacy.redact` for a role without personal data. The analyses (uncovered households, the five
haves, the wish queue, the funds) call the very queries their GraphQL fields call, with the same parameters,
so a ledger never states a rule of its own. Pages are keyset pages in code order, so memory holds one page.

A page's reads in full of ID numbers, special-group status and wish categories are written as access
records (:mod:`graph.privacy`) *before* the page is handed on: no row leaves unrecorded, and an export whose
records cannot be written stops.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import IO, Any

from graph import scope as scopes
from graph.driver import Graph
from graph.privacy import AccessLog
from graph.rules import COUNTY_TIMEZONE
from graph.scope import Viewer
from ledgers import sheets as S
from ledgers.files import Format, Heading, LedgerWriter
from ledgers.sheets import Ledger
from resolvers.coverage import rule_params, uncovered_page
from resolvers.loaders import Loaders
from resolvers.people import ID_NUMBER, SPECIAL_GROUPS

Row = dict[str, Any]
PAGE = 500
"""Rows of the driving query per page (households, people, posts...): one round trip, a bounded amount of memory."""

WISH_CATEGORY = "wishCategory"
"""The access-record field of a wish's category read in full (as ``Wish.category`` records it)."""


@dataclass
class Export:
    """One export: a ledger over a scope on a day, as a viewer."""

    graph: Graph
    viewer: Viewer
    ledger: Ledger
    scope: scopes.Scope
    day: date
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    made_at: datetime = field(default_factory=lambda: datetime.now(COUNTY_TIMEZONE))
    rows: int = 0
    loaders: Loaders = field(init=False)
    access: AccessLog = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.graph, self.viewer)
        self.access = AccessLog()

    @property
    def county(self) -> bool:
        return self.scope.kind == "County"

    async def read(self, query: str, params: dict[str, Any]) -> list[Row]:
        return await self.loaders.read(query, params)

    def scope_params(self) -> dict[str, Any]:
        return {"roots": list(self.scope.roots), "county": self.county, "asOf": self.day}

    def record(self, field_name: str, code: str) -> None:
        """A sensitive field read in full for this row (only roles that see personal data read it in full)."""
        if self.viewer.sees_personal_data:
            self.access.record(field_name, code)

    async def heading(self) -> Heading:
        name = await self.scope_name()
        made = (
            f"范围：{name}　统计日：{self.day.isoformat()}　制表时间：{self.made_at:%Y-%m-%d %H:%M}（北京时间）"
            f"　制表人：{self.viewer.subject}（{self.viewer.role.value}）"
        )
        return Heading(title=f"{name}{self.ledger.title}", made=made, note=masking_note(self.ledger, self.viewer))

    async def scope_name(self) -> str:
        codes = [self.scope.code] if self.scope.kind != "Viewer" else list(self.scope.roots)
        rows = await self.read("common/get_entities", {"codes": codes})
        names = {r["node"]["code"]: r["node"].get("name") or r["node"]["code"] for r in rows}
        return "、".join(f"{names.get(c, c)}（{c}）" for c in codes)

    async def pages(self) -> AsyncGenerator[list[Row], None]:
        """The ledger's rows, a page at a time; each page's access records are written before it is yielded."""
        async for page in SOURCES[self.ledger.name](self):
            await self._write_access_records()
            self.rows += len(page)
            yield page

    async def _write_access_records(self) -> None:
        entries = self.access.entries()
        if not entries:
            return
        await self.graph.write(
            "privacy/create_access_records",
            {
                "entries": entries,
                "actor": self.viewer.subject,
                "actorRole": self.viewer.role.value,
                "requestId": self.request_id,
            },
        )
        self.access = AccessLog()


def masking_note(ledger: Ledger, viewer: Viewer) -> str:
    """What the reader's role was shown of the personal data in this ledger, in plain words."""
    kinds = list(dict.fromkeys(c.personal for c in ledger.columns if c.personal))
    if not kinds:
        return "本表不含个人信息。"
    if viewer.sees_personal_data:
        recorded = [k for k in ("身份证号", "特殊群体") if k in kinds]
        tail = f"；本次导出的{'、'.join(recorded)}已留访问记录" if recorded else ""
        return f"本表含个人信息（{'、'.join(kinds)}），按角色完整显示，仅限工作使用，不得外传{tail}。"
    return f"按查看角色（{viewer.role.value}）隐去个人信息：{'，'.join(S.MASKED_HOW[k] for k in kinds)}。"


Source = Callable[[Export], AsyncIterator[list[Row]]]


async def _pages(
    export: Export, query: str, params: dict[str, Any], key: Callable[[Row], str]
) -> AsyncIterator[list[Row]]:
    """Keyset pages of a catalogued query taking ``$after`` ('' first) and ``$first``."""
    after = ""
    while True:
        rows = await export.read(query, {**params, "after": after, "first": PAGE})
        if rows:
            yield rows
        if len(rows) < PAGE:
            return
        after = key(rows[-1])


def _person_cells(export: Export, person: Row | None) -> Row:
    if not person:
        return {}
    code = person["code"]
    if person.get("idNumber"):
        export.record(ID_NUMBER, code)
    return {
        "person": code,
        "name": person.get("name"),
        "idNumber": person.get("idNumber"),
        "phone": person.get("phone"),
    }


# ---------------------------------------------------------------- the registers and rosters


async def register(export: Export) -> AsyncIterator[list[Row]]:
    async for rows in _pages(export, "ledgers/page_register", export.scope_params(), lambda r: r["household"]["code"]):
        out: list[Row] = []
        for r in rows:
            h = r["household"]
            base = {
                "community": r["community"],
                "grid": r["grid"],
                "building": r["building"],
                "buildingName": r["buildingName"],
                "household": h["code"],
                "address": h.get("address"),
                "size": h.get("size"),
            }
            if not r["residents"]:
                out.append(base)
            for p in r["residents"]:
                groups = p.get("specialGroups")
                if groups is not None:
                    export.record(SPECIAL_GROUPS, p["code"])
                out.append(
                    {
                        **base,
                        **_person_cells(export, p),
                        "gender": S.word(S.GENDER, p.get("gender")),
                        "birthDate": p.get("birthDate"),
                        "partyMember": S.yes_no(p.get("isPartyMember")),
                        "specialGroups": S.words_list(S.SPECIAL_GROUPS, groups),
                        "redSteward": S.yes_no(p.get("redSteward")),
                        "occupation": p.get("occupation"),
                    }
                )
        yield out


async def pairings(export: Export) -> AsyncIterator[list[Row]]:
    async for rows in _pages(export, "ledgers/page_pairings", export.scope_params(), lambda r: r["person"]["code"]):
        out: list[Row] = []
        for r in rows:
            person = {**_person_cells(export, r["person"]), "unit": r["unit"], "reportedTo": r["reportedTo"]}
            if not r["pairings"]:
                out.append(person)
            for pairing in r["pairings"]:
                target = pairing["target"]
                out.append(
                    {
                        **person,
                        "community": pairing["community"],
                        "grid": pairing["grid"],
                        "kind": S.PAIRING_KINDS[pairing["label"]],
                        "target": target["code"],
                        "targetName": target.get("address") or target.get("name"),
                        "validFrom": pairing["validFrom"],
                        "validTo": pairing["validTo"],
                        "endReason": pairing["endReason"],
                    }
                )
        yield out


async def building_leaders(export: Export) -> AsyncIterator[list[Row]]:
    params = {**export.scope_params(), "roles": list(S.BUILDING_POSTS)}
    async for rows in _pages(export, "ledgers/page_building_posts", params, lambda r: r["post"]["code"]):
        out: list[Row] = []
        for r in rows:
            post = r["post"]
            held = any(
                h["validFrom"] <= export.day and (h["validTo"] is None or export.day < h["validTo"])
                for h in r["holdings"]
            )
            base = {
                "community": r["community"],
                "grid": r["grid"],
                "compound": r["compound"],
                "building": r["building"],
                "buildingName": r["buildingName"],
                "role": S.BUILDING_POSTS[post["role"]],
                "post": post["code"],
                "vacant": "在岗" if held else "空缺",
            }
            if not r["holdings"]:
                out.append(base)
            for h in r["holdings"]:
                out.append(
                    {
                        **base,
                        **_person_cells(export, h["person"]),
                        "validFrom": h["validFrom"],
                        "validTo": h["validTo"],
                        "endReason": h["endReason"],
                    }
                )
        yield out


# ---------------------------------------------------------------- the analyses' lists


async def uncovered_households(export: Export) -> AsyncIterator[list[Row]]:
    # The query and parameters of Query.uncoveredHouseholds (resolvers/coverage.py), in code order: the coverage
    # rule (a cadre paired with the household or with its building) is theirs, never restated here.
    query = "coverage/page_county_uncovered_households" if export.county else "coverage/page_uncovered_households"
    after: str | None = None
    while True:
        params = {"roots": list(export.scope.roots), "asOf": export.day, "first": PAGE}
        rows = await export.read(query, {**params, **uncovered_page(after, False, False)})
        if not rows:
            return
        households = [r["node"] for r in rows]
        details = await export.read(
            "ledgers/get_household_details", {"codes": [h["code"] for h in households], "asOf": export.day}
        )
        by_code = {d["code"]: d for d in details}
        out: list[Row] = []
        for h in households:
            d = by_code.get(h["code"], {})
            special = d.get("special") or []
            groups: list[str] | None = []
            for p in special:
                if p.get("specialGroups") is None:
                    groups = None  # withheld for this role
                    break
                export.record(SPECIAL_GROUPS, p["code"])
                groups = [*(groups or []), *(g for g in p["specialGroups"] if g not in (groups or []))]
            leader = d.get("leader") or {}
            out.append(
                {
                    "community": d.get("community"),
                    "grid": d.get("grid"),
                    "compound": d.get("compound"),
                    "building": d.get("building"),
                    "buildingName": d.get("buildingName"),
                    "household": h["code"],
                    "address": h.get("address"),
                    "size": h.get("size"),
                    "specialGroups": S.words_list(S.SPECIAL_GROUPS, groups),
                    "leader": leader.get("name"),
                    "leaderPhone": leader.get("phone"),
                }
            )
        yield out
        if len(rows) < PAGE:
            return
        after = rows[-1]["node"]["_key"]


async def five_haves(export: Export) -> AsyncIterator[list[Row]]:
    # The queries of Query.compounds and Compound.fiveHaves (resolvers/coverage.py), with the rules' thresholds.
    rules = rule_params(export.day)
    params = {**rules, "roots": list(export.scope.roots), "kind": None, "stage": None}
    grids: dict[str, str] = {}
    async for rows in _pages(export, "coverage/page_compounds", params, lambda r: r["node"]["code"]):
        compounds = [r["node"] for r in rows]
        facts = await export.read("coverage/get_five_haves", {**rules, "codes": [c["code"] for c in compounds]})
        by_code = {f["code"]: f for f in facts}
        missing = sorted({f["grid"] for f in facts} - grids.keys())
        if missing:
            for g in await export.read("common/get_entities", {"codes": missing}):
                grids[g["node"]["code"]] = g["node"]["name"]
        out: list[Row] = []
        for c in compounds:
            f = by_code[c["code"]]
            households = f["households"]
            covered = f["coveredHouseholds"]
            out.append(
                {
                    "grid": grids.get(f["grid"], f["grid"]),
                    "compound": c["code"],
                    "compoundName": c.get("name"),
                    "kind": S.word(S.COMPOUND_KINDS, c.get("kind")),
                    "stage": S.word(S.STAGES, f["stage"]),
                    **{key: "有" if f["met"][key] else "无" for key in S.FIVE_HAVES},
                    "buildings": f["buildings"],
                    "ledBuildings": f["ledBuildings"],
                    "households": households,
                    "coveredHouseholds": covered,
                    "coveredShare": covered / households if households else None,
                }
            )
        yield out


async def units(export: Export) -> AsyncIterator[list[Row]]:
    async for rows in _pages(export, "ledgers/page_unit_areas", export.scope_params(), lambda r: r["unit"]["code"]):
        out: list[Row] = []
        for r in rows:
            unit = r["unit"]
            base = {
                "unit": unit["code"],
                "unitName": unit.get("name"),
                "unitKind": S.word(S.UNIT_KINDS, unit.get("kind")),
                "cadres": r["cadres"],
            }
            if not r["areas"]:
                out.append(base)
            for a in r["areas"]:
                out.append(
                    {
                        **base,
                        "area": a["area"],
                        "areaName": a["name"],
                        "areaKind": S.word(S.AREA_KINDS, a["kind"]),
                        "grid": a["grid"],
                        "validFrom": a["validFrom"],
                    }
                )
        yield out


async def wishes(export: Export) -> AsyncIterator[list[Row]]:
    # The query of Query.wishes (resolvers/wishes.py): its cursor is the last code, None for the first page.
    params = {"roots": list(export.scope.roots), "status": None}
    after: str | None = None
    while True:
        rows = [r["node"] for r in await export.read("wishes/page_wishes", {**params, "after": after, "first": PAGE})]
        if not rows:
            return
        details = await export.read("ledgers/get_wish_details", {"codes": [w["code"] for w in rows]})
        by_code = {d["code"]: d for d in details}
        out: list[Row] = []
        for w in rows:
            d = by_code.get(w["code"], {})
            if w.get("category") is not None:
                export.record(WISH_CATEGORY, w["code"])
            submitted = w.get("submittedAt")
            out.append(
                {
                    "wish": w["code"],
                    "title": w.get("title"),
                    "category": S.word(S.WISH_CATEGORIES, w.get("category")),
                    "status": S.word(S.WISH_STATUSES, w.get("status")),
                    "household": (d.get("household") or {}).get("code"),
                    "address": (d.get("household") or {}).get("address"),
                    "requester": (d.get("requester") or {}).get("name"),
                    "submittedOn": submitted.astimezone(COUNTY_TIMEZONE).date() if submitted else None,
                    "expectedBy": w.get("expectedBy"),
                    "acceptedBy": d.get("acceptedBy"),
                    "claimedBy": (d.get("claimedBy") or {}).get("name"),
                    "rating": w.get("rating"),
                }
            )
        yield out
        if len(rows) < PAGE:
            return
        after = rows[-1]["code"]


async def funds(export: Export) -> AsyncIterator[list[Row]]:
    # The query of Query.grants (resolvers/services.py) and its order (unpaid first, then newest paid), page by
    # page; voided grants included: a ledger keeps them, marked.
    params = {"roots": list(export.scope.roots), "year": None, "kind": None, "includeVoided": True, "today": export.day}
    after: str | None = None
    while True:
        page = [r["node"] for r in await export.read("services/page_grants", {**params, "after": after, "first": PAGE})]
        if not page:
            return
        details = await export.read("ledgers/get_grant_details", {"codes": [g["code"] for g in page]})
        by_code = {d["code"]: d for d in details}
        yield [
            {
                "grant": g["code"],
                "kind": S.word(S.GRANT_KINDS, g.get("kind")),
                "year": g.get("year"),
                "amountYuan": g.get("amountYuan"),
                "organization": by_code.get(g["code"], {}).get("organization"),
                "source": by_code.get(g["code"], {}).get("source"),
                "disbursedOn": g.get("disbursedOn"),
                "voidedOn": g.get("voidedOn"),
                "voidReason": g.get("voidReason"),
            }
            for g in page
        ]
        if len(page) < PAGE:
            return
        after = page[-1]["_cursor"]


SOURCES: dict[str, Source] = {
    S.REGISTER.name: register,
    S.PAIRINGS.name: pairings,
    S.BUILDING_LEADERS.name: building_leaders,
    S.UNCOVERED_HOUSEHOLDS.name: uncovered_households,
    S.FIVE_HAVES_PROGRESS.name: five_haves,
    S.UNITS.name: units,
    S.WISHES.name: wishes,
    S.FUNDS.name: funds,
}


# ---------------------------------------------------------------- a ledger into a file


async def write(export: Export, out: IO[bytes], fmt: Format, progress: Callable[[int], None] | None = None) -> int:
    """Write the whole ledger to ``out``; returns its number of rows. The sheet is written in a worker thread
    page by page (openpyxl is pure Python), so the event loop keeps serving while a large ledger is made."""
    writer = LedgerWriter(out, export.ledger, await export.heading(), fmt)
    async for page in export.pages():
        await asyncio.to_thread(writer.write, page)
        if progress is not None:
            progress(export.rows)
    await asyncio.to_thread(writer.close)
    return export.rows


async def csv_chunks(export: Export) -> AsyncGenerator[bytes, None]:
    """The ledger as CSV, a page at a time (each page's access records written before its bytes are yielded)."""
    buffer = io.BytesIO()
    writer = LedgerWriter(buffer, export.ledger, await export.heading(), "csv")

    def drain() -> bytes:
        data = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return data

    yield drain()
    async for page in export.pages():
        writer.write(page)
        yield drain()
    writer.close()
    tail = drain()
    if tail:
        yield tail


def template(ledger: Ledger, out: IO[bytes], fmt: Format) -> None:
    """An empty ledger to fill in for an import: its imported columns, required ones marked *, and how to fill it."""
    columns = tuple(replace(c, header=c.header + "*") if c.required else c for c in ledger.columns if c.imported)
    heading = Heading(
        title=f"{ledger.title}（导入模板）",
        made=f"填写说明：{ledger.note}",
        note="带 * 的列每行必填，其余可空；日期写作 2026-05-01；导出的台账也可以直接修改后导入（多出的列不读）。",
    )
    with LedgerWriter(out, replace(ledger, columns=columns), heading, fmt):
        pass


async def resolve(graph: Graph, viewer: Viewer, ledger: Ledger, scope_code: str | None, day: date) -> scopes.Scope:
    """The scope an export runs over: the one asked for, limited to the viewer's territory, as the analyses'
    ``scope`` argument is (:class:`graph.scope.ScopeNotFound`, :class:`graph.scope.NotPermitted`)."""
    return await scopes.resolve_scope(graph, viewer, None, scope_code, day, analysis=ledger.analysis)

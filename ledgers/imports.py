"""Importing the street's own ledgers: the household and resident register, the pairing roster and the
building-post roster.

An import reads the file row by row (:mod:`ledgers.files`), checks every cell (a malformed ID number or
phone, a date out of range, an unknown word), then checks the rows against each other (a duplicate ID number,
two rows of one household that disagree, pairings or holdings that overlap) and against the graph, in batches,
as the importer sees it (an unknown or out-of-scope building, household or person, an ID number registered to
someone else, a pairing that overlaps an existing one, a building leader living elsewhere). Every problem is
reported at its row and column, in plain words, and never quotes the personal data in the cell.

A dry run stops there and writes nothing. An apply checks the whole file the same way first and writes
nothing if anything is wrong; then writes batch by batch (:mod:`graph.imports`), each batch one transaction
that locks what it touches, checks its rows again against the graph as it is now, and writes only what
differs from it, with an audit record per changed entity. So the same file imported twice changes nothing
the second time, and an import killed half-way runs again to completion without making anything twice.

What an import changes and what it never does: it creates and updates households and people, moves a person
to the household the register names, starts pairings and holdings and ends them (a row with an end date sets
the last day of the open one: history is kept, nothing is deleted or reopened). A person or household absent
from a file is left as it is: a register adds and corrects, it does not remove.
"""

from __future__ import annotations

import hashlib
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import neo4j
from pydantic import TypeAdapter, ValidationError

from graph import changes
from graph import imports as runs
from graph.changes import new_code
from graph.commands import IdNumber, Phone, id_number_birth_date, id_number_gender
from graph.driver import Graph, run
from graph.imports import EntityChange, ImportRun, Query
from graph.refusals import Refused
from graph.rules import county_today
from graph.scope import Viewer
from graph.settings import Limits, get_settings
from ledgers import sheets as S
from ledgers.files import Format, Sheet, UnreadableFile, read_ledger
from ledgers.sheets import Ledger

Row = dict[str, Any]
MAX_PROBLEMS = 500
"""A report lists at most this many problems (and says how many more there were)."""
EARLIEST_BIRTH = date(1900, 1, 1)
"""A resident's birth date is not before this (a relationship's days follow ``LIMIT_EARLIEST_DATE`` and
``LIMIT_DAYS_AHEAD``, as the mutations' do)."""


# ---------------------------------------------------------------- problems and the report


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: the sheet's row number and column letter, as Excel shows them."""

    row: int | None
    column: str | None
    header: str | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        if self.column:
            where += f" {self.column} 列「{self.header}」"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Report:
    """What an import found and did."""

    ledger: str
    file: str
    sha256: str
    dry_run: bool
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    """``created``, ``updated``, ``ended`` (relationships given their last day), ``unchanged``: what the apply
    did, or in a dry run what it would do."""
    import_id: str | None = None
    applied: bool = False
    resumed: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    """Time spent reading the file, checking it against the graph and writing it."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "ledger": self.ledger,
            "file": self.file,
            "sha256": self.sha256,
            "dryRun": self.dry_run,
            "rows": self.rows,
            "ok": self.ok,
            "problems": [p.as_dict() for p in self.problems],
            "moreProblems": self.more_problems,
            "counts": dict(self.counts),
            "importId": self.import_id,
            "applied": self.applied,
            "resumed": self.resumed,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


class CellError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class TooManyRows(UnreadableFile):
    """The file holds more data rows than ``LIMIT_IMPORT_ROWS``; reading stopped there and nothing was written."""

    def __init__(self, most: int) -> None:
        super().__init__(f"超过 {most:,} 行数据（LIMIT_IMPORT_ROWS）：请分成几个文件导入")
        self.most = most


class BatchRefused(Exception):
    """The graph changed between the check and the write (or rows disagree with it): the batch wrote nothing."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


# ---------------------------------------------------------------- cells


_CODE = re.compile(r"^([A-Z]{2})(\d{1,10}|-[0-9A-F]{16})$")
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_LIST_SPLIT = re.compile(r"[、,，;；/\s]+")
_YES = {"是", "√", "✓", "Y", "YES", "TRUE", "1", "有"}
_NO = {"否", "×", "N", "NO", "FALSE", "0", "无"}
_ID_NUMBER = TypeAdapter(IdNumber)
_PHONE = TypeAdapter(Phone)
_ID_MESSAGES = {
    "id_number_form": "身份证号应为 18 位：17 位数字加最后一位数字或 X",
    "id_number_birth": "身份证号中的出生日期（第 7 至 14 位）不是真实日期",
    "id_number_check": "身份证号最后一位校验码不对，请核对",
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def parse_code(value: Any, *prefixes: str) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = text.upper()
    match = _CODE.match(text)
    if not match or match.group(1) not in prefixes:
        raise CellError("MALFORMED_CODE", f"不是{'或'.join(prefixes)}开头的编号")
    return text


def parse_date(value: Any, today: date, *, born: bool = False) -> date | None:
    """A day a relationship starts or ends (from ``LIMIT_EARLIEST_DATE``, 1949-10-01, to ``LIMIT_DAYS_AHEAD``
    after today, as the mutations take them), or with ``born`` a birth date (from 1900 to today)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        match = _DATE_TEXT.match(str(value).strip())
        try:
            if not match:
                raise ValueError
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise CellError("MALFORMED_DATE", "不是日期（请写作 2026-05-01）") from None
    limits = get_settings().limits
    earliest = EARLIEST_BIRTH if born else limits.earliest_date
    if day < earliest:
        raise CellError("DATE_OUT_OF_RANGE", f"日期早于 {earliest.isoformat()}")
    latest = today if born else today + timedelta(days=limits.days_ahead)
    if day > latest:
        ahead = "出生日期不能晚于今天" if born else f"最多提前 {limits.days_ahead} 天"
        raise CellError("DATE_OUT_OF_RANGE", f"日期晚于 {latest.isoformat()}（{ahead}）")
    return day


def parse_bool(value: Any) -> bool | None:
    text = _text(value)
    if text is None:
        return None
    if text.upper() in _YES:
        return True
    if text.upper() in _NO:
        return False
    raise CellError("UNKNOWN_WORD", "请填「是」或「否」")


def parse_word(value: Any, words: dict[str, str]) -> str | None:
    text = _text(value)
    if text is None:
        return None
    for key, word in words.items():
        if text in (word, key):
            return key
    raise CellError("UNKNOWN_WORD", f"请填{'、'.join(f'「{w}」' for w in words.values())}之一")


def parse_words(value: Any, words: dict[str, str]) -> list[str]:
    text = _text(value)
    if text is None:
        return []
    found = [parse_word(part, words) for part in _LIST_SPLIT.split(text) if part]
    order = list(words)
    return sorted({k for k in found if k}, key=order.index)


def parse_id_number(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError("ID_NUMBER_AS_NUMBER", "身份证号须以文本填写（Excel 把它当作数字时会丢掉末几位）")
    text = _text(value)
    if text is None:
        return None
    try:
        return _ID_NUMBER.validate_python(text.upper())
    except ValidationError as exc:
        kind = exc.errors()[0]["type"]
        raise CellError("MALFORMED_ID_NUMBER", _ID_MESSAGES.get(kind, "身份证号格式不对")) from None


def parse_phone(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = re.sub(r"[\s()（）]", "", text)
    try:
        return _PHONE.validate_python(text)
    except ValidationError:
        raise CellError(
            "MALFORMED_PHONE", "电话号码格式不对：手机号为 11 位，座机请带区号（如 0913-1234567）"
        ) from None


def parse_text(value: Any, limit: int = 200) -> str | None:
    text = _text(value)
    if text is not None and len(text) > limit:
        raise CellError("TOO_LONG", f"不能超过 {limit} 个字")
    if text is not None and "*" in text:
        raise CellError("MASKED", "含有「*」：这是隐去了个人信息的导出表，不能导入")
    return text


# ---------------------------------------------------------------- rows


@dataclass(slots=True)
class Line:
    """One data row of the file: its sheet row number and its imported cells (key → parsed value)."""

    row: int
    cells: dict[str, Any]

    def get(self, key: str) -> Any:
        return self.cells.get(key)


def _parsers(today: date) -> dict[str, Callable[[Any], Any]]:
    return {
        "building": lambda v: parse_code(v, "BD"),
        "household": lambda v: parse_code(v, "HH"),
        "person": lambda v: parse_code(v, "PS"),
        "target": lambda v: parse_code(v, "HH", "BD"),
        "address": lambda v: parse_text(v, 200),
        "name": lambda v: parse_text(v, 50),
        "gender": lambda v: parse_word(v, S.GENDER),
        "birthDate": lambda v: parse_date(v, today, born=True),
        "idNumber": parse_id_number,
        "phone": parse_phone,
        "partyMember": parse_bool,
        "specialGroups": lambda v: parse_words(v, S.SPECIAL_GROUPS),
        "redSteward": parse_bool,
        "occupation": lambda v: parse_text(v, 50),
        "kind": lambda v: parse_word(v, S.PAIRING_KINDS),
        "role": lambda v: parse_word(v, S.BUILDING_POSTS),
        "validFrom": lambda v: parse_date(v, today),
        "validTo": lambda v: parse_date(v, today),
        "endReason": lambda v: parse_text(v, 200),
    }


class Reader:
    """Reads a ledger file's rows into :class:`Line`\\ s, reporting every cell it cannot read."""

    def __init__(self, ledger: Ledger, report: Report, today: date, most_rows: int) -> None:
        self.ledger = ledger
        self.most_rows = most_rows
        self.report = report
        self.parsers = _parsers(today)
        self.sheet: Sheet | None = None
        self.bad: set[tuple[int, str]] = set()
        """``(row, column key)`` of every cell that could not be read (reported already)."""

    def problem(self, row: int | None, key: str | None, code: str, message: str) -> None:
        sheet = self.sheet
        if key is not None and sheet is not None and key in sheet.columns:
            column: str | None = sheet.letter(key)
            header: str | None = self.ledger.column(key).header
        elif key is not None:
            column, header = None, self.ledger.column(key).header
        else:
            column = header = None
        self.report.add(Problem(row, column, header, code, message))

    def lines(self, path: Path, fmt: Format | None) -> list[Line]:
        sheet, rows = read_ledger(path, self.ledger, fmt)
        self.sheet = sheet
        wanted = [c.key for c in self.ledger.columns if c.imported and c.key in sheet.columns]
        lines: list[Line] = []
        for number, values in rows:
            if len(lines) >= self.most_rows:
                raise TooManyRows(self.most_rows)
            cells: dict[str, Any] = {}
            for key in wanted:
                index = sheet.columns[key]
                value = values[index] if index < len(values) else None
                try:
                    cells[key] = self.parsers[key](value)
                except CellError as exc:
                    self.problem(number, key, exc.code, exc.message)
                    self.bad.add((number, key))
                    cells[key] = None
            lines.append(Line(number, cells))
            self.report.rows += 1
        return lines

    def has(self, key: str) -> bool:
        return self.sheet is not None and key in self.sheet.columns


# ---------------------------------------------------------------- the imports


@dataclass
class Plan:
    """What one batch would change, and what is wrong with it."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[EntityChange] = field(default_factory=list)
    unchanged: int = 0
    writes: dict[str, list[Row]] = field(default_factory=dict)

    def write(self, query: str, row: Row) -> None:
        self.writes.setdefault(query, []).append(row)


class LedgerImport:
    """One ledger's import: reading and grouping its rows, and planning each batch against the graph."""

    ledger: Ledger

    def __init__(self, reader: Reader, today: date) -> None:
        self.reader = reader
        self.today = today
        self.early_problems: list[Problem] = []
        """Problems between rows, found while grouping them."""

    def problem(self, line: Line | None, key: str | None, code: str, message: str) -> Problem:
        sheet = self.reader.sheet
        column = sheet.letter(key) if key and sheet is not None and key in sheet.columns else None
        header = self.ledger.column(key).header if key else None
        return Problem(line.row if line else None, column, header, code, message)

    def groups(self, lines: list[Line]) -> list[list[Line]]:
        """Rows that must be judged and written together (a household's, a pair's, a post's), in file order;
        also reports problems between rows."""
        raise NotImplementedError

    async def plan(self, groups: list[list[Line]], query: Query) -> Plan:
        raise NotImplementedError

    def locks(self, groups: list[list[Line]]) -> tuple[list[str], list[str]]:
        """Codes and ID numbers a batch locks before it reads."""
        raise NotImplementedError

    async def write(self, tx: neo4j.AsyncManagedTransaction, plan: Plan) -> list[EntityChange]:
        """Write a planned batch in ``tx``; returns what changed."""
        raise NotImplementedError


def _first_rows(lines: list[Line], key: Callable[[Line], Any]) -> dict[Any, Line]:
    first: dict[Any, Line] = {}
    for line in lines:
        value = key(line)
        if value is not None:
            first.setdefault(value, line)
    return first


def _overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    return (b_to is None or a_from < b_to) and (a_to is None or b_from < a_to)


def _span(start: date, end: date | None) -> str:
    return f"{start.isoformat()} 至 {end.isoformat() if end else '今'}"


def _person_key(line: Line) -> Any:
    return line.get("person") or line.get("idNumber")


def _check_dates(imp: LedgerImport, line: Line, problems: list[Problem]) -> bool:
    start, end = line.get("validFrom"), line.get("validTo")
    if start is None:
        if (line.row, "validFrom") not in imp.reader.bad:  # an unreadable date was reported already
            problems.append(imp.problem(line, "validFrom", "REQUIRED", "必填"))
        return False
    if end is not None and end <= start:
        problems.append(imp.problem(line, "validTo", "DATE_ORDER", "结束日期须晚于开始日期"))
        return False
    return True


# ---------------------------------------------------------------- the household and resident register


PERSON_FIELDS = {
    "name": "name",
    "gender": "gender",
    "birthDate": "birthDate",
    "idNumber": "idNumber",
    "phone": "phone",
    "partyMember": "isPartyMember",
    "specialGroups": "specialGroups",
    "redSteward": "redSteward",
    "occupation": "occupation",
}
"""Register column → Person property."""


class RegisterImport(LedgerImport):
    ledger = S.REGISTER

    @staticmethod
    def household_key(line: Line) -> tuple[str, ...] | None:
        if line.get("household"):
            return ("code", line.get("household"))
        if line.get("building") and line.get("address"):
            return ("at", line.get("building"), line.get("address"))
        return None

    @staticmethod
    def is_person(line: Line) -> bool:
        return any(line.get(k) for k in ("person", "name", "idNumber"))

    def groups(self, lines: list[Line]) -> list[list[Line]]:
        problems: list[Problem] = []
        by_household: dict[tuple[str, ...], list[Line]] = {}
        ids: dict[str, Line] = {}
        codes: dict[str, Line] = {}
        for line in lines:
            key = self.household_key(line)
            if key is None:
                for k in ("building", "address"):
                    if not line.get(k):
                        problems.append(self.problem(line, k, "REQUIRED", "必填（或填已有的户编号）"))
                continue
            if self.is_person(line):
                for k in ("name", "idNumber"):
                    if not line.get(k) and (line.row, k) not in self.reader.bad:
                        problems.append(self.problem(line, k, "REQUIRED", "每位居民必填"))
                id_number, code = line.get("idNumber"), line.get("person")
                if id_number in ids:
                    problems.append(
                        self.problem(
                            line, "idNumber", "DUPLICATE_ID_NUMBER", f"与第 {ids[id_number].row} 行身份证号重复"
                        )
                    )
                    continue
                if code in codes:
                    problems.append(
                        self.problem(line, "person", "DUPLICATE_PERSON", f"与第 {codes[code].row} 行是同一人员编号")
                    )
                    continue
                if id_number:
                    ids[id_number] = line
                if code:
                    codes[code] = line
            group = by_household.setdefault(key, [])
            if group:
                first = group[0]
                for k in ("building", "address"):
                    if line.get(k) and first.get(k) and line.get(k) != first.get(k):
                        problems.append(
                            self.problem(line, k, "HOUSEHOLD_DISAGREES", f"与第 {first.row} 行（同一户）不一致")
                        )
            group.append(line)
        self.early_problems = problems
        return list(by_household.values())

    def locks(self, groups: list[list[Line]]) -> tuple[list[str], list[str]]:
        codes: set[str] = set()
        ids: set[str] = set()
        for group in groups:
            for line in group:
                codes.update(c for c in (line.get("building"), line.get("household"), line.get("person")) if c)
                if line.get("idNumber"):
                    ids.add(line.get("idNumber"))
        return sorted(codes), sorted(ids)

    async def plan(self, groups: list[list[Line]], query: Query) -> Plan:
        plan = Plan()
        households = [
            {
                "key": str(i),
                "code": g[0].get("household"),
                "building": g[0].get("building"),
                "address": g[0].get("address"),
            }
            for i, g in enumerate(groups)
        ]
        people = [
            {"key": f"{i}:{j}", "code": line.get("person"), "idNumber": line.get("idNumber")}
            for i, g in enumerate(groups)
            for j, line in enumerate(g)
            if self.is_person(line)
        ]
        h_state = {r["key"]: r for r in await query("ledgers/get_households_state", {"households": households})}
        p_state = {r["key"]: r for r in await query("ledgers/get_persons_state", {"persons": people})} if people else {}
        touched: set[str] = set()
        changes_by_household: dict[str, EntityChange] = {}
        for i, group in enumerate(groups):
            code = self._plan_household(group, h_state[str(i)], plan, changes_by_household)
            if code is None:
                continue
            touched.add(code)
            for j, line in enumerate(group):
                if self.is_person(line):
                    moved_from = self._plan_person(line, code, p_state[f"{i}:{j}"], plan)
                    if moved_from:
                        touched.add(moved_from)
        plan.writes["sizes"] = [{"code": c} for c in sorted(touched)]
        self.size_changes = changes_by_household
        return plan

    def _plan_household(
        self, group: list[Line], state: Row, plan: Plan, changes: dict[str, EntityChange]
    ) -> str | None:
        line = group[0]
        building, address = line.get("building"), line.get("address")
        if state["code"] is not None:
            code = state["code"]
            if not state["visible"]:
                plan.problems.append(self.problem(line, "household", "OUT_OF_SCOPE", "该户不在您的辖区内，不能导入"))
                return None
            if state["sameAddress"] > 1:
                plan.problems.append(
                    self.problem(line, "address", "AMBIGUOUS_ADDRESS", "该楼栋有多户是这个门牌地址，请填户编号")
                )
                return None
            if building and building != state["building"]:
                plan.problems.append(
                    self.problem(
                        line,
                        "building",
                        "HOUSEHOLD_ELSEWHERE",
                        f"户 {code} 登记在楼栋 {state['building']}，不在此楼栋（换房请登记为新户）",
                    )
                )
                return None
            if address and self.reader.has("address") and address != state["address"]:
                plan.write(
                    "ledgers/merge_households", {"code": code, "building": state["building"], "address": address}
                )
                change = EntityChange(
                    "updated", [code, state["building"]], {"address": state["address"]}, {"address": address}
                )
                plan.changes.append(change)
                changes[code] = change
            return code
        # A new household.
        if not building:
            plan.problems.append(self.problem(line, "building", "REQUIRED", "新户必填"))
            return None
        if not state["buildingExists"] or not state["buildingVisible"]:
            plan.problems.append(
                self.problem(line, "building", "UNKNOWN_BUILDING", f"楼栋 {building} 不存在（或不在您的辖区内）")
            )
            return None
        if not address:
            plan.problems.append(self.problem(line, "address", "REQUIRED", "新户必填"))
            return None
        code = line.get("household") or new_code("HH")
        plan.write("ledgers/merge_households", {"code": code, "building": building, "address": address})
        change = EntityChange("created", [code, building], {}, {"building": building, "address": address})
        plan.changes.append(change)
        changes[code] = change
        return code

    def _plan_person(self, line: Line, household: str, state: Row, plan: Plan) -> str | None:
        """Plan one resident; returns the household they move out of, if any."""
        id_number = line.get("idNumber")
        if id_number is None or not line.get("name"):
            return None  # reported already
        code = line.get("person")
        existing: Row | None = None
        current_household: str | None = None
        if state["person"] is not None:
            if not state["visible"]:
                plan.problems.append(self.problem(line, "person", "OUT_OF_SCOPE", "该人员不在您的辖区内，不能导入"))
                return None
            if state["idHolder"] is not None and state["idHolder"] != code:
                plan.problems.append(self._id_taken(line, state))
                return None
            existing, current_household = state["person"], state["household"]
        elif state["idHolder"] is not None:
            if code is not None:
                plan.problems.append(self._id_taken(line, state))
                return None
            if not state["idHolderVisible"]:
                plan.problems.append(
                    self.problem(
                        line, "idNumber", "ID_NUMBER_ELSEWHERE", "身份证号已在您的辖区外登记，请与上级核对后再导入"
                    )
                )
                return None
            existing, current_household = state["idHolderPerson"], state["idHolderHousehold"]
            code = existing["code"]
        wanted = self._properties(line, existing, plan)
        if wanted is None:
            return None
        if existing is None:
            code = code or new_code("PS")
            plan.write("ledgers/merge_persons", {"code": code, "properties": wanted, "household": household})
            plan.changes.append(EntityChange("created", [code, household], {}, {**wanted, "household": household}))
            return None
        assert code is not None
        before = {k: existing.get(k) for k, v in wanted.items() if existing.get(k) != v}
        after = {k: wanted[k] for k in before}
        if current_household != household:
            before["household"], after["household"] = current_household, household
        if not after:
            plan.unchanged += 1
            return None
        plan.write(
            "ledgers/merge_persons",
            {"code": code, "properties": {k: v for k, v in after.items() if k != "household"}, "household": household},
        )
        plan.changes.append(EntityChange("updated", [code, household], before, after))
        return current_household if current_household != household else None

    def _id_taken(self, line: Line, state: Row) -> Problem:
        holder = state["idHolder"] if state["idHolderVisible"] else "您辖区外的一人"
        return self.problem(line, "idNumber", "DUPLICATE_ID_NUMBER", f"身份证号已登记给另一人（{holder}）")

    def _properties(self, line: Line, existing: Row | None, plan: Plan) -> dict[str, Any] | None:
        """The person's properties as the row states them (columns the file lacks: as they are)."""
        id_number = line.get("idNumber")
        born, sex = id_number_birth_date(id_number), id_number_gender(id_number)
        if line.get("birthDate") is not None and line.get("birthDate") != born:
            plan.problems.append(self.problem(line, "birthDate", "DISAGREES_WITH_ID", "与身份证号中的出生日期不符"))
            return None
        if line.get("gender") is not None and line.get("gender") != sex:
            plan.problems.append(self.problem(line, "gender", "DISAGREES_WITH_ID", "与身份证号中的性别不符"))
            return None
        wanted: dict[str, Any] = {}
        for column, prop in PERSON_FIELDS.items():
            if not self.reader.has(column) and existing is not None:
                continue
            value = line.get(column)
            if column == "birthDate":
                value = born
            elif column == "gender":
                value = sex
            elif column in ("partyMember", "redSteward"):
                value = bool(value)
            elif column == "specialGroups":
                value = value or []
            wanted[prop] = value
        return wanted

    async def write(self, tx: neo4j.AsyncManagedTransaction, plan: Plan) -> list[EntityChange]:
        for query in ("ledgers/merge_households", "ledgers/merge_persons"):
            if plan.writes.get(query):
                await run(tx, query, {"rows": plan.writes[query]})
        changes = list(plan.changes)
        codes = [r["code"] for r in plan.writes.get("sizes", [])]
        if codes:
            for r in await run(tx, "ledgers/set_household_sizes", {"codes": codes}):
                change = self.size_changes.get(r["code"])
                if change is not None and change.kind == "created":
                    change.after["size"] = r["after"]
                elif change is not None:
                    change.before["size"], change.after["size"] = r["before"], r["after"]
                else:
                    changes.append(EntityChange("updated", [r["code"]], {"size": r["before"]}, {"size": r["after"]}))
        return changes


# ---------------------------------------------------------------- time-bounded relationships: pairings and holdings


@dataclass
class Interval:
    start: date
    end: date | None
    reason: str | None
    line: Line | None
    """The file's row, or None: in the graph."""
    person: str | None = None


def _plan_intervals(
    imp: LedgerImport,
    existing: list[Interval],
    rows: list[tuple[Line, Interval]],
    same: Callable[[Interval, Interval], bool],
    overlap_message: Callable[[Interval], str],
    plan: Plan,
) -> list[tuple[Line, Interval, Interval | None]]:
    """Match each row to the relationship it names (same key and first day) or to none (a new one); end open
    ones the rows end; report rows that reopen or move an end, and any two of the final set that overlap.
    Returns ``(line, row interval, the graph's interval or None)`` for each row to write or leave."""
    out: list[tuple[Line, Interval, Interval | None]] = []
    final: list[Interval] = list(existing)
    ok = True
    for line, wanted in rows:
        found = next((e for e in existing if same(e, wanted)), None)
        if found is None:
            final.append(wanted)
            out.append((line, wanted, None))
            continue
        if found.end == wanted.end or (found.end is None and wanted.end is not None):
            out.append((line, wanted, found))
            final[final.index(found)] = wanted
            continue
        ok = False  # the graph's stays as it is; the rows are still checked against it
        if wanted.end is None:
            plan.problems.append(
                imp.problem(
                    line,
                    "validTo",
                    "ALREADY_ENDED",
                    f"已于 {found.end} 结束；已结束的不能重新开始（再次开始请另起一行，写新的开始日期）",
                )
            )
        else:
            plan.problems.append(
                imp.problem(line, "validTo", "END_DIFFERS", f"已登记于 {found.end} 结束，与本行的结束日期不符")
            )
    for index, a in enumerate(final):
        for b in final[index + 1 :]:
            if not _overlap(a.start, a.end, b.start, b.end):
                continue
            newer, other = (a, b) if a.line is not None and (b.line is None or a.line.row > b.line.row) else (b, a)
            if newer.line is None:
                continue
            plan.problems.append(imp.problem(newer.line, "validFrom", "OVERLAPS", overlap_message(other)))
    return out if ok else []


class PairingsImport(LedgerImport):
    ledger = S.PAIRINGS

    def groups(self, lines: list[Line]) -> list[list[Line]]:
        problems: list[Problem] = []
        groups: dict[tuple[Any, Any], list[Line]] = {}
        seen: dict[tuple[Any, Any, Any], Line] = {}
        for line in lines:
            if not any(line.get(k) for k in ("kind", "target", "validFrom")):
                continue  # a cadre's row without a pairing (a reported, unpaired cadre in an export)
            if _person_key(line) is None:
                problems.append(self.problem(line, "person", "REQUIRED", "须填结对人的人员编号或身份证号"))
                continue
            missing = [k for k in ("kind", "target") if not line.get(k)]
            for k in missing:
                problems.append(self.problem(line, k, "REQUIRED", "必填"))
            if missing or not _check_dates(self, line, problems):
                continue
            key = (_person_key(line), line.get("target"))
            again = seen.get((*key, line.get("validFrom")))
            if again is not None:
                problems.append(self.problem(line, "validFrom", "DUPLICATE_ROW", f"与第 {again.row} 行是同一结对"))
                continue
            seen[(*key, line.get("validFrom"))] = line
            groups.setdefault(key, []).append(line)
        self.early_problems = problems
        return list(groups.values())

    def locks(self, groups: list[list[Line]]) -> tuple[list[str], list[str]]:
        codes = {c for g in groups for c in (g[0].get("person"), g[0].get("target")) if c}
        ids = {g[0].get("idNumber") for g in groups if g[0].get("idNumber") and not g[0].get("person")}
        return sorted(codes), sorted(ids)

    async def plan(self, groups: list[list[Line]], query: Query) -> Plan:
        plan = Plan()
        pairs = [
            {
                "key": str(i),
                "person": g[0].get("person"),
                "idNumber": g[0].get("idNumber"),
                "target": g[0].get("target"),
            }
            for i, g in enumerate(groups)
        ]
        state = {r["key"]: r for r in await query("ledgers/get_pairings_state", {"pairs": pairs})}
        for i, group in enumerate(groups):
            self._plan_pair(group, state[str(i)], plan)
        return plan

    def _plan_pair(self, group: list[Line], state: Row, plan: Plan) -> None:
        line = group[0]
        person_column = "person" if line.get("person") else "idNumber"
        if state["person"] is None or not state["personVisible"]:
            plan.problems.append(
                self.problem(line, person_column, "UNKNOWN_PERSON", "找不到该人员（或不在您的辖区内）")
            )
            return
        if state["twoPeople"] or state["idDiffers"]:
            plan.problems.append(self.problem(line, "idNumber", "PERSON_DISAGREES", "人员编号与身份证号不是同一人"))
            return
        if state["label"] is None or not state["targetVisible"]:
            plan.problems.append(
                self.problem(
                    line, "target", "UNKNOWN_TARGET", f"找不到户或楼栋 {line.get('target')}（或不在您的辖区内）"
                )
            )
            return
        for row in group:
            if row.get("kind") != state["label"]:
                plan.problems.append(
                    self.problem(
                        row,
                        "kind",
                        "KIND_DISAGREES",
                        f"结对类型是「{S.PAIRING_KINDS[row.get('kind')]}」，而 {row.get('target')} 是"
                        f"{'户' if state['label'] == 'Household' else '楼栋'}",
                    )
                )
                return
        person, target = state["person"], line.get("target")
        existing = [Interval(p["validFrom"], p["validTo"], p["endReason"], None) for p in state["pairings"]]
        rows = [(row, Interval(row.get("validFrom"), row.get("validTo"), row.get("endReason"), row)) for row in group]
        before = len(plan.problems)
        matched = _plan_intervals(
            self,
            existing,
            rows,
            lambda e, w: e.start == w.start,
            lambda other: (
                f"与{'第 ' + str(other.line.row) + ' 行' if other.line else '已登记'}的结对"
                f"（{_span(other.start, other.end)}）时间重叠"
            ),
            plan,
        )
        if len(plan.problems) > before:
            return
        for row, wanted, found in matched:
            params = {
                "person": person,
                "target": target,
                "validFrom": wanted.start,
                "validTo": wanted.end,
                "endReason": wanted.reason,
            }
            if found is None:
                if (wanted.end is None or wanted.end > self.today) and not state["isPartyMember"]:
                    plan.problems.append(self.problem(row, person_column, "NOT_A_PARTY_MEMBER", "只有党员才能结对"))
                    continue
                plan.write("ledgers/create_pairings", params)
                plan.changes.append(
                    EntityChange(
                        "created",
                        [target, person],
                        {},
                        {"validFrom": wanted.start, "validTo": wanted.end, "endReason": wanted.reason},
                    )
                )
            elif found.end != wanted.end or (wanted.reason is not None and wanted.reason != found.reason):
                reason = wanted.reason if wanted.reason is not None else found.reason
                plan.write("ledgers/end_pairings", {**params, "endReason": reason})
                plan.changes.append(
                    EntityChange(
                        "ended" if found.end is None else "updated",
                        [target, person],
                        {"validFrom": found.start, "validTo": found.end, "endReason": found.reason},
                        {"validFrom": found.start, "validTo": wanted.end, "endReason": reason},
                    )
                )
            else:
                plan.unchanged += 1

    async def write(self, tx: neo4j.AsyncManagedTransaction, plan: Plan) -> list[EntityChange]:
        for query in ("ledgers/end_pairings", "ledgers/create_pairings"):
            if plan.writes.get(query):
                await run(tx, query, {"rows": plan.writes[query]})
        return plan.changes


class BuildingLeadersImport(LedgerImport):
    ledger = S.BUILDING_LEADERS

    def groups(self, lines: list[Line]) -> list[list[Line]]:
        problems: list[Problem] = []
        groups: dict[tuple[Any, Any], list[Line]] = {}
        seen: dict[tuple[Any, ...], Line] = {}
        for line in lines:
            missing = [k for k in ("building", "role") if not line.get(k)]
            for k in missing:
                problems.append(self.problem(line, k, "REQUIRED", "必填"))
            if missing:
                continue
            if _person_key(line) is not None:
                if not _check_dates(self, line, problems):
                    continue
                key = (line.get("building"), line.get("role"), _person_key(line), line.get("validFrom"))
                if key in seen:
                    problems.append(
                        self.problem(line, "validFrom", "DUPLICATE_ROW", f"与第 {seen[key].row} 行是同一任职")
                    )
                    continue
                seen[key] = line
            groups.setdefault((line.get("building"), line.get("role")), []).append(line)
        self.early_problems = problems
        return list(groups.values())

    def locks(self, groups: list[list[Line]]) -> tuple[list[str], list[str]]:
        codes = {c for g in groups for line in g for c in (line.get("building"), line.get("person")) if c}
        ids = {line.get("idNumber") for g in groups for line in g if line.get("idNumber") and not line.get("person")}
        return sorted(codes), sorted(ids)

    async def plan(self, groups: list[list[Line]], query: Query) -> Plan:
        plan = Plan()
        posts = [
            {"key": str(i), "building": g[0].get("building"), "role": g[0].get("role")} for i, g in enumerate(groups)
        ]
        holders = [
            {
                "key": f"{i}:{j}",
                "person": line.get("person"),
                "idNumber": line.get("idNumber"),
                "building": line.get("building"),
            }
            for i, g in enumerate(groups)
            for j, line in enumerate(g)
            if _person_key(line) is not None
        ]
        post_state = {r["key"]: r for r in await query("ledgers/get_posts_state", {"posts": posts})}
        holder_state = (
            {r["key"]: r for r in await query("ledgers/get_holders_state", {"holders": holders})} if holders else {}
        )
        for i, group in enumerate(groups):
            self._plan_post(
                group, post_state[str(i)], {j: holder_state.get(f"{i}:{j}") for j in range(len(group))}, plan
            )
        return plan

    def _plan_post(self, group: list[Line], state: Row, holders: dict[int, Row | None], plan: Plan) -> None:
        line = group[0]
        building, role = line.get("building"), line.get("role")
        if not state["buildingExists"] or not state["buildingVisible"]:
            plan.problems.append(
                self.problem(line, "building", "UNKNOWN_BUILDING", f"楼栋 {building} 不存在（或不在您的辖区内）")
            )
            return
        post = state["post"]
        if post is None:
            post = new_code("PT")
            title = f"{state['buildingName']}{S.BUILDING_POSTS[role]}"
            plan.write("ledgers/create_posts", {"code": post, "role": role, "title": title, "building": building})
            plan.changes.append(EntityChange("created", [post, building], {}, {"role": role, "title": title}))
        existing = [
            Interval(h["validFrom"], h["validTo"], h["endReason"], None, h["person"]) for h in state["holdings"]
        ]
        rows: list[tuple[Line, Interval]] = []
        before = len(plan.problems)
        for j, row in enumerate(group):
            found = holders[j]
            if found is None:
                continue  # a vacancy row
            column = "person" if row.get("person") else "idNumber"
            if found["person"] is None or not found["personVisible"]:
                plan.problems.append(self.problem(row, column, "UNKNOWN_PERSON", "找不到该人员（或不在您的辖区内）"))
                continue
            if found["twoPeople"] or found["idDiffers"]:
                plan.problems.append(self.problem(row, "idNumber", "PERSON_DISAGREES", "人员编号与身份证号不是同一人"))
                continue
            interval = Interval(row.get("validFrom"), row.get("validTo"), row.get("endReason"), row, found["person"])
            if interval.end is None or interval.end > self.today:
                if role == "CENTRAL_HOUSEHOLD" and not (found["isPartyMember"] and found["livesInBuilding"]):
                    plan.problems.append(self.problem(row, column, "UNFIT", "党员中心户须是住在本楼的党员"))
                    continue
                if role == "BUILDING_LEADER" and not found["livesNearby"]:
                    plan.problems.append(self.problem(row, column, "LIVES_ELSEWHERE", "楼栋长须住在本小区（或本片区）"))
                    continue
            rows.append((row, interval))
        if len(plan.problems) > before:
            return
        matched = _plan_intervals(
            self,
            existing,
            rows,
            lambda e, w: e.person == w.person and e.start == w.start,
            lambda other: (
                f"岗位同一时间只能有一人：与{'第 ' + str(other.line.row) + ' 行' if other.line else '已登记'}"
                f"的任职（{_span(other.start, other.end)}）重叠"
            ),
            plan,
        )
        if len(plan.problems) > before:
            return
        for _row, wanted, found_interval in matched:
            person = wanted.person
            assert person is not None
            params = {
                "person": person,
                "post": post,
                "validFrom": wanted.start,
                "validTo": wanted.end,
                "endReason": wanted.reason,
            }
            if found_interval is None:
                plan.write("ledgers/create_holdings", params)
                plan.changes.append(
                    EntityChange(
                        "created",
                        [post, building, person],
                        {},
                        {
                            "holder": person,
                            "validFrom": wanted.start,
                            "validTo": wanted.end,
                            "endReason": wanted.reason,
                        },
                    )
                )
            elif found_interval.end != wanted.end or (
                wanted.reason is not None and wanted.reason != found_interval.reason
            ):
                reason = wanted.reason if wanted.reason is not None else found_interval.reason
                plan.write("ledgers/end_holdings", {**params, "endReason": reason})
                plan.changes.append(
                    EntityChange(
                        "ended" if found_interval.end is None else "updated",
                        [post, building, person],
                        {
                            "holder": person,
                            "validFrom": found_interval.start,
                            "validTo": found_interval.end,
                            "endReason": found_interval.reason,
                        },
                        {
                            "holder": person,
                            "validFrom": found_interval.start,
                            "validTo": wanted.end,
                            "endReason": reason,
                        },
                    )
                )
            else:
                plan.unchanged += 1

    async def write(self, tx: neo4j.AsyncManagedTransaction, plan: Plan) -> list[EntityChange]:
        for query in ("ledgers/create_posts", "ledgers/end_holdings", "ledgers/create_holdings"):
            if plan.writes.get(query):
                await run(tx, query, {"rows": plan.writes[query]})
        return plan.changes


IMPORTS: dict[str, type[LedgerImport]] = {
    S.REGISTER.name: RegisterImport,
    S.PAIRINGS.name: PairingsImport,
    S.BUILDING_LEADERS.name: BuildingLeadersImport,
}
"""The ledgers that can be imported, by name."""


# ---------------------------------------------------------------- running one


Progress = Callable[[str, int, int], None]
"""``(stage, rows done, rows in all)``: stage ``check`` (reading the graph) or ``write``."""


def _batches(groups: list[list[Line]], size: int) -> Iterator[list[list[Line]]]:
    """Groups in batches of about ``size`` rows (``LIMIT_IMPORT_BATCH_ROWS``; a group is never split)."""
    batch: list[list[Line]] = []
    rows = 0
    for group in groups:
        batch.append(group)
        rows += len(group)
        if rows >= size:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


async def import_ledger(
    graph: Graph,
    viewer: Viewer,
    ledger: Ledger,
    path: Path,
    *,
    dry_run: bool,
    fmt: Format | None = None,
    file_name: str | None = None,
    progress: Progress | None = None,
    stop_after_batches: int | None = None,
    batch_rows: int | None = None,
    limits: Limits | None = None,
) -> Report:
    """Check (and unless ``dry_run``, write) a ledger file as ``viewer``. Raises
    :class:`graph.refusals.Refused` (FORBIDDEN) for a role that may not import it, before reading anything;
    :class:`ledgers.files.UnreadableFile` when the file is no such ledger. ``stop_after_batches`` stops an
    apply after that many batches, as a killed import would (for tests); ``batch_rows`` sets the batches' size.
    ``limits`` are the service's (``LIMIT_IMPORT_ROWS``, ``LIMIT_IMPORT_BATCH_ROWS``; the environment's by
    default)."""
    from graph import permissions

    assert ledger.operation is not None
    try:
        permissions.check_role(viewer, ledger.operation)
    except Refused as refusal:
        # Audited like a refused mutation: who tried what (graph.changes).
        await changes._audit_refusal(graph, changes.Request(viewer, uuid.uuid4().hex), ledger.operation, refusal, ())
        raise
    today = county_today()
    limits = limits or get_settings().limits
    size = batch_rows or limits.import_batch_rows
    report = Report(ledger.name, file_name or path.name, sha256_of(path), dry_run)
    reader = Reader(ledger, report, today, limits.import_rows)
    imp = IMPORTS[ledger.name](reader, today)
    clock = time.perf_counter()
    lines = reader.lines(path, fmt)
    groups = imp.groups(lines)
    report.seconds["read"] = time.perf_counter() - clock
    clock = time.perf_counter()
    for problem in imp.early_problems:
        report.add(problem)
    total = sum(len(g) for g in groups)
    bad_rows = {p.row for p in report.problems}
    # Check every batch against the graph (reads only), as the importer sees it.
    checked = 0
    would: Counter[str] = Counter()
    for batch in _batches(groups, size):
        # Rows with a problem of their own are left out; the rest are still checked against the graph.
        usable = [kept for g in batch if (kept := [line for line in g if line.row not in bad_rows])]
        if usable:
            plan = await imp.plan(usable, _dry_query(graph, viewer))
            for problem in plan.problems:
                report.add(problem)
            would.update(c.kind for c in plan.changes)
            would["unchanged"] += plan.unchanged
        checked += sum(len(g) for g in batch)
        if progress is not None:
            progress("check", checked, total)
    report.seconds["check"] = time.perf_counter() - clock
    if dry_run or not report.ok:
        report.counts.update(would)
        return report
    clock = time.perf_counter()
    # Write, batch by batch, each re-checked in its transaction.
    import_run = await runs.start(
        graph,
        viewer,
        ledger.operation,
        {"ledger": ledger.name, "file": report.file, "sha256": report.sha256, "rows": report.rows},
    )
    report.import_id, report.resumed = import_run.import_id, import_run.resumed
    written = 0
    for number, batch in enumerate(_batches(groups, size), start=1):
        if stop_after_batches is not None and number > stop_after_batches:
            return report
        try:
            done = await _write_batch(imp, import_run, batch)
        except BatchRefused as refused:
            # The graph changed since the check: this batch wrote nothing; those before it stay, and the same
            # import run again (once the rows are put right) carries on under the same record.
            for problem in refused.problems:
                report.add(problem)
            return report
        report.counts["unchanged"] += done.unchanged
        report.counts.update(c.kind for c in done.changes)
        written += sum(len(g) for g in batch)
        if progress is not None:
            progress("write", written, total)
    await runs.finish(import_run, {"counts": dict(report.counts)})
    report.applied = True
    report.seconds["write"] = time.perf_counter() - clock
    return report


def _dry_query(graph: Graph, viewer: Viewer) -> Query:
    scope = viewer.cypher()

    async def read(name: str, params: dict[str, Any]) -> list[Row]:
        return await graph.read(name, {**params, "scope": scope})

    return read


@dataclass
class _Written:
    changes: list[EntityChange]
    unchanged: int


async def _write_batch(imp: LedgerImport, import_run: ImportRun, batch: list[list[Line]]) -> _Written:
    unchanged = 0

    async def work(tx: neo4j.AsyncManagedTransaction, query: Query) -> list[EntityChange]:
        nonlocal unchanged
        codes, ids = imp.locks(batch)
        await run(tx, "ledgers/lock_entities", {"codes": codes, "idNumbers": ids})
        plan = await imp.plan(batch, query)
        if plan.problems:
            raise BatchRefused(plan.problems)
        unchanged = plan.unchanged
        return await imp.write(tx, plan)

    changes = await runs.batch(import_run, work)
    return _Written(changes, unchanged)

"""What each ledger (台账) holds: its columns, with the Chinese headers an office files them under, their widths
and kinds, and the words its cells use for the graph's values. Export, import and the templates all read
these definitions, so a column is named once.

A sheet is laid out as a ledger is kept on paper: a title row (the ledger's name and its scope), a row saying
for which day (``asOf``), when and by whom it was made, a row saying what was masked for the reader's role,
then the header row (frozen) and the rows. The importer finds the header row by its headers, so a ledger
exported here, a template filled in by hand, or a sheet with a title of its own above the headers all read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "code", "date", "int", "money", "percent"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float = 12
    kind: Kind = "text"
    personal: str | None = None
    """The personal data it holds, named as the masking note names it (``姓名``), or None."""
    imported: bool = False
    """Read by the import (other columns of an imported ledger are there for the reader and ignored)."""
    required: bool = False
    """An import needs it in every row (a template marks it)."""


@dataclass(frozen=True)
class Ledger:
    name: str
    """Its name in URLs and on the command line: ``/export/<name>.xlsx``."""
    title: str
    columns: tuple[Column, ...]
    operation: str | None = None
    """The operation an import of it is (``graph.permissions``); None: export only."""
    analysis: bool = True
    """Counts over territory (members and residents may not ask for it); every ledger is, today."""
    note: str = ""
    """What a template's reader needs to know to fill it in."""

    @property
    def importable(self) -> bool:
        return self.operation is not None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# ---------------------------------------------------------------- the words cells use

GENDER = {"M": "男", "F": "女"}
YES, NO = "是", "否"
SPECIAL_GROUPS = {"ELDERLY_ALONE": "独居老人", "POOR_STUDENT": "困难学生", "DISABLED": "残疾人"}
PAIRING_KINDS = {"Household": "联户", "Building": "包楼栋"}
BUILDING_POSTS = {"BUILDING_LEADER": "楼栋长", "CENTRAL_HOUSEHOLD": "党员中心户"}
COMPOUND_KINDS = {"THREE_NO": "三无小区", "MANAGED": "物业小区"}
STAGES = {"UNORGANIZED": "未建党组织", "TRANSITIONAL": "过渡（已有党组织）", "FIVE_HAVES": "五有"}
FIVE_HAVES = {
    "PARTY_ORGANIZATION": "有坚强的党组织",
    "FORCES": "有充足的力量",
    "VENUE": "有固定的活动场所",
    "RESOURCES": "有丰富的资源",
    "MECHANISM": "有管用治理机制",
}
WISH_STATUSES = {
    "SUBMITTED": "已点单",
    "ACCEPTED": "已建单",
    "CLAIMED": "已接单",
    "FULFILLED": "已完成",
    "REJECTED": "未受理",
    "CANCELLED": "已撤销",
}
WISH_CATEGORIES = {**SPECIAL_GROUPS, "OTHER": "其他"}
GRANT_KINDS = {"WORKING_FUNDS": "工作经费", "PARTY_FEE_SUBSIDY": "党费补助"}
UNIT_KINDS = {
    "AGENCY": "机关",
    "ENTERPRISE": "企业",
    "PUBLIC_INSTITUTION": "事业单位",
    "SOCIAL_ORGANIZATION": "社会组织",
}
AREA_KINDS = {"COMPOUND": "小区", "ALLEY": "街巷院落", "SHOPFRONT": "沿街商铺"}
LIST_SEPARATOR = "、"


def word(words: dict[str, str], value: str | None) -> str | None:
    """A graph value in the ledger's words (an unknown value as it is: a newer enum still shows)."""
    return None if value is None else words.get(value, value)


def yes_no(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


def words_list(words: dict[str, str], values: list[str] | None) -> str | None:
    """A list in the ledger's words, 、-separated; None (withheld) stays None, an empty list is empty."""
    return None if values is None else LIST_SEPARATOR.join(word(words, v) or "" for v in values)


# ---------------------------------------------------------------- context columns most ledgers start with

COMMUNITY = Column("community", "社区", 12)
GRID = Column("grid", "网格", 16)


def _person(prefix: str = "", *, imported: bool = False) -> tuple[Column, ...]:
    """Who a roster names: code, name, ID number, phone (either code or ID number identifies them)."""
    return (
        Column("person", f"{prefix}人员编号", 12, "code", imported=imported),
        Column("name", f"{prefix}姓名", 10, personal="姓名"),
        Column("idNumber", "身份证号", 21, "code", personal="身份证号", imported=imported),
        Column("phone", "联系电话", 14, "code", personal="电话"),
    )


REGISTER = Ledger(
    name="register",
    title="住户及居民台账",
    operation="importRegister",
    note=(
        "每位居民一行，同户居民的户信息相同；无人居住的户留一行、居民各栏空着。已有的户以户编号（或所在楼栋编号加门牌地址）"
        "找到，已有的居民以人员编号（或身份证号）找到；新户、新居民不填编号，导入时编号自动生成。身份证号请以文本填写。"
    ),
    columns=(
        COMMUNITY,
        GRID,
        Column("building", "所在楼栋编号", 12, "code", imported=True, required=True),
        Column("buildingName", "楼栋", 24),
        Column("household", "户编号", 11, "code", imported=True),
        Column("address", "门牌地址", 44, personal="门牌地址", imported=True, required=True),
        Column("size", "户人数", 8, "int"),
        Column("person", "人员编号", 11, "code", imported=True),
        Column("name", "姓名", 10, personal="姓名", imported=True),
        Column("gender", "性别", 6, personal="性别", imported=True),
        Column("birthDate", "出生日期", 12, "date", personal="出生日期", imported=True),
        Column("idNumber", "身份证号", 21, "code", personal="身份证号", imported=True),
        Column("phone", "联系电话", 14, "code", personal="电话", imported=True),
        Column("partyMember", "党员", 6, imported=True),
        Column("specialGroups", "特殊群体", 16, personal="特殊群体", imported=True),
        Column("redSteward", "红色管家", 9, imported=True),
        Column("occupation", "职业", 14, personal="职业", imported=True),
    ),
)

PAIRINGS = Ledger(
    name="pairings",
    title="包片联户台账（党员干部结对）",
    operation="importPairings",
    note=(
        "每个结对一行：联户填户编号，包楼栋填楼栋编号。结对人以人员编号或身份证号找到（须为党员）。结对结束的，"
        "填结束日期（当天起不再结对）和原因；结对记录不删除。已登记的结对以结对人、对象和开始日期找到。"
    ),
    columns=(
        COMMUNITY,
        GRID,
        *_person("结对人", imported=True),
        Column("unit", "工作单位", 24),
        Column("reportedTo", "报到网格", 16),
        Column("kind", "结对类型", 9, imported=True, required=True),
        Column("target", "户编号/楼栋编号", 14, "code", imported=True, required=True),
        Column("targetName", "结对户门牌/楼栋", 40, personal="门牌地址"),
        Column("validFrom", "开始日期", 12, "date", imported=True, required=True),
        Column("validTo", "结束日期", 12, "date", imported=True),
        Column("endReason", "结束原因", 20, imported=True),
    ),
)

BUILDING_LEADERS = Ledger(
    name="building-leaders",
    title="楼栋长及党员中心户台账",
    operation="importBuildingLeaders",
    note=(
        "每次任职一行：楼栋编号、岗位（楼栋长或党员中心户）、任职人（人员编号或身份证号）、任职日期；离任的填离任日期"
        "和原因。一个岗位同一天只能有一人。楼栋长须住在本小区（或本片区），党员中心户须是住在本楼的党员。"
        "只有楼栋和岗位、没有任职人的行表示空缺。"
    ),
    columns=(
        COMMUNITY,
        GRID,
        Column("compound", "小区/片区", 20),
        Column("building", "楼栋编号", 11, "code", imported=True, required=True),
        Column("buildingName", "楼栋", 24),
        Column("role", "岗位", 11, imported=True, required=True),
        Column("post", "岗位编号", 11, "code"),
        Column("vacant", "岗位现状", 10),
        Column("person", "任职人员编号", 12, "code", imported=True),
        Column("name", "姓名", 10, personal="姓名"),
        Column("idNumber", "身份证号", 21, "code", personal="身份证号", imported=True),
        Column("phone", "联系电话", 14, "code", personal="电话"),
        Column("validFrom", "任职日期", 12, "date", imported=True),
        Column("validTo", "离任日期", 12, "date", imported=True),
        Column("endReason", "离任原因", 20, imported=True),
    ),
)

UNCOVERED_HOUSEHOLDS = Ledger(
    name="uncovered-households",
    title="未覆盖住户台账",
    columns=(
        COMMUNITY,
        GRID,
        Column("compound", "小区/片区", 20),
        Column("building", "楼栋编号", 11, "code"),
        Column("buildingName", "楼栋", 24),
        Column("household", "户编号", 11, "code"),
        Column("address", "门牌地址", 44, personal="门牌地址"),
        Column("size", "户人数", 8, "int"),
        Column("specialGroups", "特殊群体", 16, personal="特殊群体"),
        Column("leader", "楼栋长", 10, personal="姓名"),
        Column("leaderPhone", "楼栋长电话", 14, "code", personal="电话"),
    ),
)

FIVE_HAVES_PROGRESS = Ledger(
    name="five-haves",
    title="五有小区创建进度台账",
    columns=(
        GRID,
        Column("compound", "小区编号", 10, "code"),
        Column("compoundName", "小区", 22),
        Column("kind", "类型", 10),
        Column("stage", "创建阶段", 10),
        *(Column(key, header, 14) for key, header in FIVE_HAVES.items()),
        Column("buildings", "楼栋数", 8, "int"),
        Column("ledBuildings", "有楼栋长的楼栋", 14, "int"),
        Column("households", "住户数", 8, "int"),
        Column("coveredHouseholds", "已覆盖住户", 11, "int"),
        Column("coveredShare", "覆盖率", 9, "percent"),
    ),
)

UNITS = Ledger(
    name="units",
    title="共建单位包片台账",
    columns=(
        Column("unit", "单位编号", 10, "code"),
        Column("unitName", "单位", 30),
        Column("unitKind", "单位类别", 10),
        Column("cadres", "在职党员干部人数", 16, "int"),
        Column("area", "包联片区编号", 13, "code"),
        Column("areaName", "包联片区", 24),
        Column("areaKind", "片区类别", 10),
        GRID,
        Column("validFrom", "包联起始日期", 13, "date"),
    ),
)

WISHES = Ledger(
    name="wishes",
    title="微心愿台账",
    columns=(
        Column("wish", "心愿编号", 11, "code"),
        Column("title", "心愿内容", 30, personal="心愿内容"),
        Column("category", "类别", 10, personal="特殊群体"),
        Column("status", "状态", 9),
        Column("household", "户编号", 11, "code"),
        Column("address", "门牌地址", 40, personal="门牌地址"),
        Column("requester", "点单人", 10, personal="姓名"),
        Column("submittedOn", "点单日期", 12, "date"),
        Column("expectedBy", "期望完成日期", 13, "date"),
        Column("acceptedBy", "建单组织", 24),
        Column("claimedBy", "接单党员", 10, personal="姓名"),
        Column("rating", "评价", 6, "int"),
    ),
)

FUNDS = Ledger(
    name="funds",
    title="经费台账",
    columns=(
        Column("grant", "经费编号", 10, "code"),
        Column("kind", "经费类别", 10),
        Column("year", "年度", 7, "int"),
        Column("amountYuan", "金额（元）", 12, "money"),
        Column("organization", "拨付对象", 28),
        Column("source", "拨付单位", 24),
        Column("disbursedOn", "拨付日期", 12, "date"),
        Column("voidedOn", "作废日期", 12, "date"),
        Column("voidReason", "作废原因", 20),
    ),
)

LEDGERS: dict[str, Ledger] = {
    ledger.name: ledger
    for ledger in (
        REGISTER,
        PAIRINGS,
        BUILDING_LEADERS,
        UNCOVERED_HOUSEHOLDS,
        FIVE_HAVES_PROGRESS,
        UNITS,
        WISHES,
        FUNDS,
    )
}
"""Every ledger by its name."""

MASKED_HOW = {
    "姓名": "姓名只留姓",
    "电话": "电话中间四位隐去",
    "身份证号": "身份证号中间八位隐去",
    "门牌地址": "门牌地址只到楼栋",
    "性别": "性别不显示",
    "出生日期": "出生日期不显示",
    "职业": "职业不显示",
    "特殊群体": "特殊群体不显示",
    "心愿内容": "心愿内容不显示",
}
"""How graph.privacy.redact shows each kind of personal data to a role that may not see it, in the note's words."""

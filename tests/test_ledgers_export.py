"""Ledger exports over HTTP: the sheet's shape read back with openpyxl, the whole list (not a page), the same
scope and masking as the API per role, access records for sensitive fields read in full, CSV with a BOM."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import neo4j
from openpyxl import load_workbook

from ledgers.sheets import BUILDING_LEADERS, FIVE_HAVES_PROGRESS, REGISTER, STAGES, UNCOVERED_HOUSEHOLDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(client, token, path: str, role: str = "COUNTY", scope: str | None = None, sub: str | None = None):
    return client.get(path, headers={"Authorization": f"Bearer {token(role, scope, sub)}"})


def _book(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def _rows(sheet) -> list[dict[str, Any]]:
    headers = [c.value for c in sheet[4]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=5, values_only=True)]


def test_uncovered_households_sheet_is_a_ledger_of_the_whole_list(client, token, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    response = _get(client, token, f"/export/uncovered-households.xlsx?asOf={day}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert "filename*=utf-8''" in response.headers["content-disposition"]
    assert "content-encoding" not in response.headers  # a zip is not compressed again
    sheet = _book(response.content)
    assert sheet["A1"].value == "潼关县（CT01）未覆盖住户台账" and sheet["A1"].font.b
    assert f"统计日：{day}" in sheet["A2"].value and "制表时间" in sheet["A2"].value and "COUNTY" in sheet["A2"].value
    assert "按角色完整显示" in sheet["A3"].value and "特殊群体已留访问记录" in sheet["A3"].value
    assert [c.value for c in sheet[4]] == [c.header for c in UNCOVERED_HOUSEHOLDS.columns]
    assert sheet.freeze_panes == "A5"
    widths = [sheet.column_dimensions[chr(ord("A") + i)].width for i in range(len(UNCOVERED_HOUSEHOLDS.columns))]
    assert widths == [c.width for c in UNCOVERED_HOUSEHOLDS.columns]
    rows = _rows(sheet)
    assert [r["户编号"] for r in rows] == ground_truth["uncoveredHouseholds"]  # all of them, in code order
    special = {r["户编号"] for r in rows if r["特殊群体"]}
    assert special == set(ground_truth["uncoveredSpecialGroupHouseholds"])


def test_csv_is_utf8_with_a_bom_and_the_same_rows(client, token, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    response = _get(client, token, f"/export/uncovered-households.csv?asOf={day}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["潼关县（CT01）未覆盖住户台账"]
    assert lines[3] == [c.header for c in UNCOVERED_HOUSEHOLDS.columns]
    assert [line[5] for line in lines[4:]] == ground_truth["uncoveredHouseholds"]


def _people(db: neo4j.Driver, grid: str) -> dict[str, dict[str, Any]]:
    records, _, _ = db.execute_query(
        "MATCH (p:Person)-[:RESIDES_IN]->(:Household)-[:PART_OF*1..7]->(:Grid {code: $grid}) RETURN p {.*} AS p",
        grid=grid,
    )
    return {r["p"]["code"]: r["p"] for r in records}


def test_the_register_is_masked_for_the_analyst_as_the_api_masks_it(client, token, db) -> None:
    people = _people(db, "GR01")
    response = _get(client, token, "/export/register.xlsx?scope=GR01", role="ANALYST")
    assert response.status_code == 200
    sheet = _book(response.content)
    assert "按查看角色（ANALYST）隐去个人信息" in sheet["A3"].value and "身份证号中间八位隐去" in sheet["A3"].value
    rows = _rows(sheet)
    assert {r["人员编号"] for r in rows} == set(people)
    for row in rows:
        person = people[row["人员编号"]]
        assert row["姓名"] == person["name"][0] + "*" * (len(person["name"]) - 1)
        assert row["身份证号"] == person["idNumber"][:6] + "********" + person["idNumber"][-4:]
        assert row["联系电话"] is None or row["联系电话"] == person["phone"][:3] + "****" + person["phone"][-4:]
        assert row["门牌地址"].endswith("****")
        assert row["性别"] is None and row["出生日期"] is None and row["职业"] is None and row["特殊群体"] is None


def test_a_grid_exports_its_grid_in_full_and_nothing_else(client, token, db, ground_truth) -> None:
    people = _people(db, "GR01")
    response = _get(client, token, "/export/register.xlsx", role="GRID", scope="GR01")
    assert response.status_code == 200
    rows = _rows(_book(response.content))
    assert {r["人员编号"] for r in rows} == set(people)
    assert len({r["户编号"] for r in rows}) == ground_truth["coverage"]["grids"]["GR01"]["households"]
    sample = rows[0]
    assert sample["姓名"] == people[sample["人员编号"]]["name"]
    assert sample["身份证号"] == people[sample["人员编号"]]["idNumber"]
    # Another grid reads exactly like one that does not exist.
    other = _get(client, token, "/export/register.xlsx?scope=GR02", role="GRID", scope="GR01")
    missing = _get(client, token, "/export/register.xlsx?scope=GR99", role="GRID", scope="GR01")
    assert other.status_code == missing.status_code == 404
    assert other.json()["error"] == missing.json()["error"] == "NOT_FOUND"
    assert other.json()["message"].replace("GR02", "GR99") == missing.json()["message"]


def test_who_may_not_export(client, token, db) -> None:
    records, _, _ = db.execute_query("MATCH (p:Person)-[:WORKS_AT]->() RETURN p.code AS code LIMIT 1")
    member = records[0]["code"]
    assert _get(client, token, "/export/uncovered-households.xlsx", role="MEMBER", sub=member).status_code == 403
    assert client.get("/export/uncovered-households.xlsx").status_code == 401
    assert _get(client, token, "/export/no-such-ledger.xlsx").status_code == 404
    assert _get(client, token, "/export/register.pdf").status_code == 404
    assert _get(client, token, "/export/register.xlsx?asOf=yesterday").status_code == 400


def test_reading_id_numbers_and_special_groups_in_full_leaves_access_records(client, token, db) -> None:
    people = _people(db, "GR02")
    since = datetime.now(UTC)
    count = """MATCH (a:AccessRecord)-[:ACCESSED]->(p:Person) WHERE a.at >= $since AND a.actor = $actor
               RETURN a.field AS field, collect(DISTINCT p.code) AS people"""
    assert _get(client, token, "/export/register.csv?scope=GR02", role="COUNTY").status_code == 200
    records, _, _ = db.execute_query(count, since=since, actor="COUNTY@CT01")
    found = {r["field"]: set(r["people"]) for r in records}
    assert found == {"idNumber": set(people), "specialGroups": set(people)}
    assert _get(client, token, "/export/register.csv?scope=GR02", role="ANALYST").status_code == 200
    records, _, _ = db.execute_query(count, since=since, actor="ANALYST@CT01")
    assert records == []


def test_the_five_haves_and_the_building_posts(client, token, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    sheet = _book(_get(client, token, f"/export/five-haves.xlsx?asOf={day}").content)
    assert [c.value for c in sheet[4]] == [c.header for c in FIVE_HAVES_PROGRESS.columns]
    stages = {r["小区编号"]: r["创建阶段"] for r in _rows(sheet)}
    assert stages == {code: STAGES[fact["stage"]] for code, fact in ground_truth["fiveHaves"].items()}
    sheet = _book(_get(client, token, f"/export/building-leaders.xlsx?asOf={day}").content)
    assert [c.value for c in sheet[4]] == [c.header for c in BUILDING_LEADERS.columns]
    vacant = {r["楼栋编号"] for r in _rows(sheet) if r["岗位"] == "楼栋长" and r["岗位现状"] == "空缺"}
    assert vacant == set(ground_truth["buildingsWithoutLeader"])


def test_templates_are_empty_ledgers_to_fill_in(client, token) -> None:
    response = _get(client, token, "/export/templates/register.xlsx")
    assert response.status_code == 200
    sheet = _book(response.content)
    headers = [c.value for c in sheet[4]]
    assert headers == [c.header + ("*" if c.required else "") for c in REGISTER.columns if c.imported]
    assert sheet.max_row == 4
    assert _get(client, token, "/export/templates/uncovered-households.xlsx").status_code == 404

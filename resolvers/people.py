"""Person fields that carry personal data. Rows arrive already masked for roles that may not see it
(:func:`graph.privacy.redact`); reads in full of the most sensitive fields are recorded here."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

SPECIAL_GROUPS = "specialGroups"
ID_NUMBER = "idNumber"


def resolve_name(root: Any, info: Info) -> str:
    return root.row.get("name") or ""


def resolve_phone(root: Any, info: Info) -> str | None:
    return root.row.get("phone")


def resolve_id_number(root: Any, info: Info) -> str | None:
    id_number = root.row.get(ID_NUMBER)
    if id_number is not None and info.context.viewer.sees_personal_data:
        info.context.access.record(ID_NUMBER, root.code)
    return id_number


def resolve_special_groups(root: Any, info: Info) -> list[Any]:
    groups = root.row.get(SPECIAL_GROUPS)
    if groups is None:  # withheld for this role
        return []
    info.context.access.record(SPECIAL_GROUPS, root.code)
    return list(groups)

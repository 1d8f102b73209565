"""Person fields that carry personal data: shown in full only to roles that need it (see
:data:`graph.scope.PERSONAL_DATA_ROLES`), masked for everyone else."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name stays, so a list of people is still readable."""
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "*" * len(phone)


def mask_id_number(id_number: str) -> str:
    """610522199001011234 → 610522********1234 (the county prefix and the last four)."""
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:] if len(id_number) > 10 else "*" * len(id_number)


def resolve_name(root: Any, info: Info) -> str:
    name = root.row.get("name") or ""
    return name if info.context.viewer.sees_personal_data else mask_name(name)


def resolve_phone(root: Any, info: Info) -> str | None:
    phone = root.row.get("phone")
    if phone is None:
        return None
    return phone if info.context.viewer.sees_personal_data else mask_phone(phone)


def resolve_id_number(root: Any, info: Info) -> str | None:
    id_number = root.row.get("idNumber")
    if id_number is None:
        return None
    return id_number if info.context.viewer.sees_personal_data else mask_id_number(id_number)


def resolve_special_groups(root: Any, info: Info) -> list[Any]:
    if not info.context.viewer.sees_personal_data:
        return []
    return list(root.row.get("specialGroups") or [])


def personal(root: Any, info: Info, key: str) -> Any:
    """A personal property of a person (gender, birth date, occupation): for roles that need it; null otherwise."""
    return root.row.get(key) if info.context.viewer.sees_personal_data else None

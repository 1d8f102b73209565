"""The one place where personal data is masked, and where reads of the most sensitive of it are recorded.

Which roles see personal data in full is :attr:`graph.scope.Viewer.sees_personal_data` (every role but
the analyst: the others see only what their scope gives them, and that in full). For everyone else
every row read from the graph passes :func:`redact` before any resolver sees it (``Context.read`` and the
request's loaders call it), so a new field on an entity cannot forget it: names, phones and ID numbers
masked (张**, 138****1234), addresses cut to the building, birth dates, gender and occupation dropped,
special-group status withheld, and free text masked for phone and ID-number patterns.

Special-group status can leak by side channels as well as by the ``specialGroups`` field, so for such
roles: the titles, descriptions and categories of every wish are withheld (a wish for a wheelchair names a
disability; withholding only the special-group ones would point at them), and so is the description of
the service record that fulfilled a wish (it is the wish's title); the audit trail's ``before`` and
``after`` pass :func:`redact_fields`, the same rules by field name.

Reads of special-group status and of unmasked ID numbers by the roles that may make them are
recorded (who, whose, when, which field), as the PIPL asks for sensitive personal data: resolvers add
them to the request's :class:`AccessLog`, which is written when the request ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SUPPRESS_BELOW = 5
"""Counts of special-group residents smaller than this (but not 0) are shown as 0 to roles that may not see
special groups: a count of one in a small scope points at a person."""

WITHHELD = "（已隐去）"
"""What a withheld text reads as: the same for every record, so that it says nothing by its presence."""

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name stays, so a list of people is still readable."""
    return name[:1] + "*" * (len(name) - 1) if name else name


def mask_phone(phone: str) -> str:
    """13812341234 → 138****1234."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "*" * len(phone)


def mask_id_number(id_number: str) -> str:
    """610522199001011234 → 610522********1234 (the county prefix and the last four)."""
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:] if len(id_number) > 10 else "*" * len(id_number)


_BUILDING_END = re.compile(r"^.*?(?:号楼|栋|号院|院落|排)")


def mask_address(address: str) -> str:
    """城关街道人民路2号酒厂家属院1号楼2单元101室 → 城关街道人民路2号酒厂家属院1号楼****: the building, not the door."""
    found = _BUILDING_END.match(address)
    kept = found.group(0) if found else address[: max(len(address) // 2, 1)]
    return kept + "****" if kept != address else address[: max(len(address) // 2, 1)] + "****"


def mask_text(text: str) -> str:
    """Free text with the phone and ID numbers in it masked, the rest as written."""
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * 8 + m.group(3)[-4:].rjust(4, "*")[-4:], text)
    text = _PHONE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


def _dropped(_: Any) -> None:
    return None


def _withheld(value: Any) -> Any:
    return None if value is None else WITHHELD


def _text(value: Any) -> Any:
    return mask_text(value) if isinstance(value, str) else value


def _masked(mask: Callable[[str], str]) -> Callable[[Any], Any]:
    return lambda value: mask(value) if isinstance(value, str) and value else value


TEXT_RULES: dict[str, Callable[[Any], Any]] = {
    "phone": _masked(mask_phone),
    "idNumber": _masked(mask_id_number),
    "note": _text,
    "reason": _text,
    "endReason": _text,
    "outcome": _text,
    "description": _text,
    "voidReason": _text,
    "cancelReason": _text,
    "retractReason": _text,
}
"""Keys masked wherever they appear: phones and ID numbers, and free text (which may quote them)."""

LABEL_RULES: dict[str, dict[str, Callable[[Any], Any]]] = {
    "Person": {
        "name": _masked(mask_name),
        "specialGroups": _dropped,
        "birthDate": _dropped,
        "gender": _dropped,
        "occupation": _dropped,
    },
    "Household": {"address": _masked(mask_address)},
    "Wish": {"title": _withheld, "description": _withheld, "category": _dropped},
}
"""Keys that are personal data on one type of entity (a unit's name or a compound's address is not)."""

PERSONAL_RULES = TEXT_RULES | LABEL_RULES["Person"] | LABEL_RULES["Household"]
"""For records that do not say whose fields they hold (an audit record's before / after): every rule."""


def _rules_for(label: str | None) -> dict[str, Callable[[Any], Any]]:
    return TEXT_RULES | LABEL_RULES.get(label or "", {})


def redact(value: Any) -> Any:
    """A copy of rows read from the graph (maps, lists, node maps with ``_label``, nested) as a role
    without personal data may see them."""
    if isinstance(value, list):
        return [redact(v) for v in value]
    if not isinstance(value, dict):
        return value
    label = value.get("_label")
    rules = _rules_for(label)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in rules:
            out[key] = rules[key](item)
        else:
            out[key] = redact(item)
    if label == "ServiceRecord" and out.get("kind") == "MICRO_WISH" and out.get("description") is not None:
        out["description"] = WITHHELD  # a fulfilled wish's record is described by the wish's title
    return out


def redact_fields(values: dict[str, Any], label: str | None = None) -> dict[str, Any]:
    """An audit record's ``before`` / ``after`` as such a role may see them: the same rules by field name
    (a ``name`` masked whatever it names: an audit record does not say whose it is), and those of
    ``label``, the type of entity the change was about (a wish's title and category withheld)."""
    rules = PERSONAL_RULES | LABEL_RULES.get(label or "", {})
    out: dict[str, Any] = {}
    for key, item in values.items():
        if key in rules:
            out[key] = rules[key](item)
        elif isinstance(item, (dict, list)):
            out[key] = redact(item)
        else:
            out[key] = item
    return out


# ---------------------------------------------------------------- access records (PIPL)


@dataclass
class AccessLog:
    """The sensitive fields read in full during one request: ``field → codes of whose``."""

    reads: dict[str, set[str]] = field(default_factory=dict)

    def record(self, field_name: str, subject: str) -> None:
        self.reads.setdefault(field_name, set()).add(subject)

    def entries(self) -> list[dict[str, Any]]:
        return [{"field": f, "subjects": sorted(codes)} for f, codes in sorted(self.reads.items()) if codes]

"""Search: turning what a user typed into a safe Lucene query for the full-text indexes
(``graph/migrations/0003_fulltext.cypher``, CJK analyzer).

The text is a query parameter, so it cannot inject Cypher; but the full-text procedures parse it as
Lucene syntax, where ``*:*`` matches everything and a stray ``"`` is a parse error. So every word the
user typed becomes a quoted phrase (only ``\\`` and ``"`` mean anything inside quotes, and they are
escaped), and all the words must match: ``福乐 3号楼`` → ``"福乐" AND "3号楼"``. The CJK analyzer indexes
Chinese as overlapping character pairs, so a phrase matches any run of two or more characters of a
name or an address; a single Chinese character matches nothing.
"""

from __future__ import annotations

from graph.scope import Viewer

MAX_TEXT = 100
"""The longest search text accepted (characters)."""

SEARCH_KINDS: dict[str, str] = {
    "HOUSEHOLD": "Household",
    "PERSON": "Person",
    "UNIT": "Unit",
    "COMPOUND": "Compound",
    "AREA": "Area",
    "GRID": "Grid",
    "COMMUNITY": "Community",
    "PARTY_ORGANIZATION": "PartyOrganization",
    "VOLUNTEER_TEAM": "VolunteerTeam",
}
"""``SearchKind`` → the label searched: households by address, persons by name, the rest by name."""

NAMED_LABELS = frozenset(SEARCH_KINDS.values()) - {"Household", "Person"}
"""The labels of the ``entity_name`` full-text index."""


def finds_personal_data(viewer: Viewer) -> bool:
    """Whether people may be searched for by name, and households by address: only by roles that see them.

    A name search answers "does someone called 王建国 live here, and in which household?", which is
    exactly what masking hides from everyone else; they find a person or household by code only, masked.
    """
    return viewer.sees_personal_data


def lucene_query(text: str) -> str | None:
    """The Lucene query for ``text``, or ``None`` when there is nothing to search for."""
    words = text.split()
    if not words:
        return None
    return " AND ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in words)


def code_of(text: str) -> str:
    """The entity code ``text`` would be if it is one: codes are upper case (``cp001`` finds ``CP001``)."""
    return text.strip().upper()

"""Who may make which change: the write side of the capability table in ``docs/AUTHORIZATION.md``.

Deny by default: an operation not listed here is refused for everyone. Each entry names the roles that
may run the operation at all; some add a rule on the input (a member acts only as themselves, a grid
worker appoints only building posts). Where it may run is the scope's business (:mod:`graph.scope`):
every input entity must be visible to the caller, and :func:`graph.changes.apply` checks that before the
change and the entities it touched after it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import neo4j

from graph.driver import run
from graph.refusals import Refused
from graph.scope import Role, Viewer

C, S, M, G = Role.COUNTY, Role.STREET, Role.COMMUNITY, Role.GRID
STAFF = frozenset({C, S, M, G})
"""County, street, community and grid: those who work with residents in person."""
ABOVE_GRID = frozenset({C, S, M})
COUNTY_ONLY = frozenset({C})

Codes = Mapping[str, str | None]
"""The input's ids, decoded: input field name (``memberId``) → code."""
Rule = Callable[[neo4j.AsyncManagedTransaction, Viewer, Codes], Awaitable[None]]


@dataclass(frozen=True)
class Permission:
    roles: frozenset[Role]
    rule: Rule | None = None
    """A further check on the input for some roles; raises :class:`Refused` (FORBIDDEN)."""


def _forbidden(message: str, field: str | None = None) -> Refused:
    return Refused("FORBIDDEN", message, ("input", field) if field else None)


def _as_themselves(field: str) -> Rule:
    """A member acts only as themselves: ``field`` (the acting member) must be the token's person."""

    async def rule(tx: neo4j.AsyncManagedTransaction, viewer: Viewer, codes: Codes) -> None:
        if viewer.role is Role.MEMBER and codes.get(field) != viewer.person:
            raise _forbidden("a Party member acts only as themselves", field)

    return rule


async def _resident_for_themselves(tx: neo4j.AsyncManagedTransaction, viewer: Viewer, codes: Codes) -> None:
    """A resident orders a wish for their own household, as its requester, and nobody else's."""
    if viewer.role is not Role.RESIDENT:
        return
    if codes.get("requesterId") not in (None, viewer.person):
        raise _forbidden("a resident orders wishes as themselves", "requesterId")
    if codes.get("submittedById") is not None:
        raise _forbidden("a resident's own wish has no grid worker submitting it", "submittedById")


BUILDING_POSTS = ("BUILDING_LEADER", "CENTRAL_HOUSEHOLD")


async def _grid_appoints_building_posts(tx: neo4j.AsyncManagedTransaction, viewer: Viewer, codes: Codes) -> None:
    """A grid's staff fill and vacate building posts (楼栋长, 党员中心户), not the Party organizations' posts."""
    if viewer.role is not Role.GRID:
        return
    rows = await run(tx, "posts/get_post_role", {"code": codes.get("postId")})
    if rows and rows[0]["role"] not in BUILDING_POSTS:
        raise _forbidden("a grid's staff appoint only building leaders and central households", "postId")


PERMISSIONS: dict[str, Permission] = {
    # pairings (包片联户) and reporting in (报到)
    "pairMemberWithHousehold": Permission(STAFF),
    "endPairing": Permission(STAFF),
    "pairMemberWithBuilding": Permission(ABOVE_GRID),
    "endBuildingPairing": Permission(ABOVE_GRID),
    "pairUnitWithArea": Permission(ABOVE_GRID),
    "endUnitPairing": Permission(ABOVE_GRID),
    "attachTeamToCompound": Permission(ABOVE_GRID),
    "detachTeamFromCompound": Permission(ABOVE_GRID),
    "reportToGrid": Permission(ABOVE_GRID),
    "endGridReport": Permission(ABOVE_GRID),
    # posts
    "appointToPost": Permission(STAFF, _grid_appoints_building_posts),
    "vacatePost": Permission(STAFF, _grid_appoints_building_posts),
    # the wish loop: 群众点单 → 组织建单 → 党员接单
    "submitWish": Permission(STAFF | {Role.RESIDENT}, _resident_for_themselves),
    "acceptWish": Permission(STAFF),
    "rejectWish": Permission(STAFF),
    "claimWish": Permission(ABOVE_GRID | {Role.MEMBER}, _as_themselves("memberId")),
    "fulfilWish": Permission(ABOVE_GRID | {Role.MEMBER}),
    "cancelWish": Permission(ABOVE_GRID | {Role.RESIDENT}),
    "rateWish": Permission(ABOVE_GRID | {Role.RESIDENT}),
    # micro-projects
    "createMicroProject": Permission(ABOVE_GRID),
    "changeMicroProjectStatus": Permission(ABOVE_GRID),
    "recordMicroProjectProgress": Permission(ABOVE_GRID),
    "cancelMicroProject": Permission(ABOVE_GRID),
    "addMilestone": Permission(ABOVE_GRID),
    "completeMilestone": Permission(ABOVE_GRID),
    # micro-services
    "recordService": Permission(STAFF | {Role.MEMBER}, _as_themselves("memberId")),
    "retractService": Permission(STAFF),
    # matters (议→理→评→办)
    "raiseMatter": Permission(STAFF),
    "advanceMatter": Permission(STAFF),
    "settleMatter": Permission(STAFF),
    # ledgers (台账) imported in bulk: the registers and rosters a street or community keeps (graph/imports.py)
    "importRegister": Permission(ABOVE_GRID),
    "importPairings": Permission(ABOVE_GRID),
    "importBuildingLeaders": Permission(ABOVE_GRID),
    # money: the county's alone
    "recordGrant": Permission(COUNTY_ONLY),
    "disburseGrant": Permission(COUNTY_ONLY),
    "voidGrant": Permission(COUNTY_ONLY),
}


def may(viewer: Viewer, operation: str) -> bool:
    """Whether the viewer's role may run ``operation`` at all (its rule aside)."""
    permission = PERMISSIONS.get(operation)
    return permission is not None and viewer.role in permission.roles


def check_role(viewer: Viewer, operation: str) -> None:
    """Refuse (FORBIDDEN) an operation the viewer's role may not run at all; before anything is read."""
    if not may(viewer, operation):
        raise _forbidden(f"a {viewer.role.value} may not {operation}")


async def check_rule(tx: neo4j.AsyncManagedTransaction, viewer: Viewer, operation: str, codes: Codes) -> None:
    """Refuse (FORBIDDEN) input the viewer's role may not act on; run after the input ids are known to
    exist and be in scope, so that it tells nothing about entities the caller may not see."""
    permission = PERMISSIONS[operation]
    if permission.rule is not None:
        await permission.rule(tx, viewer, codes)

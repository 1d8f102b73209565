"""Posts (岗位): appoint a person to a post, vacate it. A post has at most one holder on any day.

The posts themselves exist apart from their holders (every building has its building-leader post), so a
vacancy shows. Appointing to a filled post is refused unless the caller asks to ``replace`` the holder,
whose holding then ends the day the new one starts (a handover, 换届). Who may hold which post:

* SECRETARY (书记), GROUP_LEADER (党小组组长), CENTRAL_HOUSEHOLD (党员中心户), TASK_FORCE_HEAD: a Party member;
* BUILDING_LEADER (楼栋长): a resident of the building's compound (or, for a building standing directly in
  an area, of that area): leaders are recommended by their neighbours, so someone living elsewhere is refused;
* CENTRAL_HOUSEHOLD: also living in the building itself (the post is a household of it);
* POLICE_OFFICER (包片干警): an in-service officer, i.e. a person with an employer.
"""

from __future__ import annotations

from typing import Any

import neo4j
from pydantic import BaseModel, Field

from graph.changes import Change, Refused
from graph.commands import COMMAND, REASON_MAX, Day
from graph.driver import run
from graph.refusals import not_found

PARTY_MEMBER_ROLES = frozenset({"SECRETARY", "GROUP_LEADER", "CENTRAL_HOUSEHOLD", "TASK_FORCE_HEAD"})


class AppointToPost(BaseModel):
    model_config = COMMAND

    post: str = Field(alias="postId")
    person: str = Field(alias="personId")
    since: Day
    replace: bool = False
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    """Why the current holder's holding ends, when replacing."""


class VacatePost(BaseModel):
    model_config = COMMAND

    post: str = Field(alias="postId")
    until: Day
    reason: str | None = Field(default=None, max_length=REASON_MAX)


def _check_fit(found: dict[str, Any]) -> None:
    """The role's own rules about who may hold it."""
    role = found["role"]
    if role in PARTY_MEMBER_ROLES and not found["isPartyMember"]:
        raise Refused("NOT_A_PARTY_MEMBER", f"a {role} post is held by a Party member", ("input", "personId"))
    if role == "BUILDING_LEADER" and not found["livesNearby"]:
        raise Refused(
            "LIVES_ELSEWHERE",
            "a building leader lives in the building's compound (or, outside compounds, its area)",
            ("input", "personId"),
        )
    if role == "CENTRAL_HOUSEHOLD" and not found["livesInBuilding"]:
        raise Refused("LIVES_ELSEWHERE", "a central household lives in the building", ("input", "personId"))
    if role == "POLICE_OFFICER" and not found["inService"]:
        raise Refused(
            "NOT_A_CADRE", "a police officer is an in-service officer with an employer", ("input", "personId")
        )


async def appoint_to_post(tx: neo4j.AsyncManagedTransaction, cmd: AppointToPost) -> Change:
    found = (await run(tx, "posts/lock_post_and_person", cmd.model_dump()))[0]
    if not found["post"]:
        raise not_found("postId", "Post")
    if not found["person"]:
        raise not_found("personId", "Person")
    _check_fit(found)
    holder = found["holder"]
    if holder is not None and holder["person"] == cmd.person:
        raise Refused(
            "ALREADY_HOLDS", f"already holds this post since {holder['since'].isoformat()}", ("input", "personId")
        )
    if holder is not None and not cmd.replace:
        raise Refused(
            "POST_FILLED",
            f"held by {holder['person']} since {holder['since'].isoformat()}: vacate it first, or set replace",
            ("input", "postId"),
        )
    if holder is not None and cmd.since <= holder["since"]:
        raise Refused(
            "DATE_ORDER",
            f"must be after {holder['since'].isoformat()}, when {holder['person']}'s holding began",
            ("input", "since"),
        )
    ended = found["lastEnded"]
    if ended is not None and cmd.since < ended:
        raise Refused(
            "DATE_ORDER", f"must not be before {ended.isoformat()}, when the previous holding ended", ("input", "since")
        )
    await run(tx, "posts/create_holding", cmd.model_dump())
    entities = [code for code in (cmd.post, found["of"], cmd.person) if code]
    after: dict[str, Any] = {"holder": cmd.person, "validFrom": cmd.since}
    if holder is None:
        before: dict[str, Any] = {"holder": None}
    else:
        entities.append(holder["person"])
        before = {"holder": holder["person"], "validFrom": holder["since"], "validTo": None}
        after["previous"] = {"holder": holder["person"], "validTo": cmd.since, "endReason": cmd.reason}
    return Change(
        action="appointToPost",
        coverage=[code for code in (found["of"],) if code],
        entities=entities,
        before=before,
        after=after,
        result={"post": cmd.post, "person": cmd.person},
    )


async def vacate_post(tx: neo4j.AsyncManagedTransaction, cmd: VacatePost) -> Change:
    found = (await run(tx, "posts/lock_post_and_person", {**cmd.model_dump(), "person": None}))[0]
    if not found["post"]:
        raise not_found("postId", "Post")
    holder = found["holder"]
    if holder is None:
        raise Refused("NOT_HELD", "nobody holds this post without an end date already set", ("input", "postId"))
    if cmd.until <= holder["since"]:
        raise Refused(
            "DATE_ORDER", f"must be after the day the holding began ({holder['since'].isoformat()})", ("input", "until")
        )
    await run(tx, "posts/end_holding", cmd.model_dump())
    return Change(
        action="vacatePost",
        coverage=[code for code in (found["of"],) if code],
        entities=[code for code in (cmd.post, found["of"], holder["person"]) if code],
        before={"holder": holder["person"], "validFrom": holder["since"], "validTo": None},
        after={"holder": holder["person"], "validFrom": holder["since"], "validTo": cmd.until, "endReason": cmd.reason},
        result={"post": cmd.post, "person": holder["person"]},
    )

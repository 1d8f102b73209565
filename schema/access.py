"""Access records (PIPL): a request that read special-group status or ID numbers in full leaves a record of
who read whose, written when the request's execution ends. If it cannot be written, the request answers
with an error and no data: sensitive data is not handed out unrecorded."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

log = logging.getLogger("tongguan.access")


class AccessRecords(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:  # type: ignore[override]
        yield
        ctx = self.execution_context.context
        entries = ctx.access.entries() if ctx is not None and hasattr(ctx, "access") else []
        if not entries:
            return
        viewer = ctx.viewer
        try:
            await ctx.graph.write(
                "privacy/create_access_records",
                {
                    "entries": entries,
                    "actor": viewer.subject,
                    "actorRole": viewer.role.value,
                    "requestId": ctx.request_id,
                },
            )
        except Exception as exc:
            log.error("access records not written (%s): the response is withheld", type(exc).__name__)
            result = self.execution_context.result
            if result is not None:
                result.data = None
                result.errors = [
                    GraphQLError(
                        "the access to sensitive data could not be recorded; try again",
                        extensions={"code": "SERVICE_UNAVAILABLE"},
                    )
                ]

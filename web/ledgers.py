"""Ledgers over HTTP, behind the same sign-in as the API (``web/middleware.py``):

* ``GET /export/<ledger>.xlsx|.csv?scope=<code or id>&asOf=<YYYY-MM-DD>``: a whole ledger as the token's viewer
  sees it (scope, masking and access records as in the API). CSV is streamed page by page as it is read; an
  .xlsx file cannot be sent before it is complete (a zip's directory comes last), so it is written page by
  page to a temporary file, then streamed from it and the file removed;
* ``GET /export/templates/<ledger>.xlsx|.csv``: an empty ledger to fill in for an import;
* ``POST /import/<ledger>?dryRun=true|false`` with the file as the body (``Content-Type`` of .xlsx or
  text/csv): the report as JSON (200 when the file checked out, 422 with every problem by row and column
  when it did not); a dry run by default.

Errors are JSON ``{"error": CODE, "message": ...}``: 400 for a malformed request, 403 for a role that may not
(members and residents, for ledgers of territory; imports below a community), 404 for an unknown ledger or
a scope that does not exist or lies outside the viewer's (the same words for both), 413 for a file over
``LIMIT_UPLOAD_BYTES`` (answered by ``web/limits.BodyLimit`` before anything reads it) or with more rows than
``LIMIT_IMPORT_ROWS``, and 503 with ``Retry-After`` when Neo4j is unavailable or a page or batch ran past
``LIMIT_QUERY_SECONDS`` (``SERVICE_UNAVAILABLE``, ``TIMEOUT``; ``OUTCOME_UNKNOWN`` for a batch whose commit went
unanswered: the same import run again resumes and makes nothing twice).

The limits (``docs/LIMITS.md``): a ledger is the whole list, so an export is not bound by the GraphQL request
deadline; it is read in keyset pages of :data:`ledgers.exports.PAGE` rows, each page one round trip within
``LIMIT_QUERY_SECONDS`` and the watchdog, and a CSV stops being read when its client goes away. An import writes
in batches, each one transaction within ``LIMIT_QUERY_SECONDS``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.ids import BadId, decode
from graph import scope as scopes
from graph.driver import DatabaseUnavailable, OutcomeUnknown, QueryTimeout
from graph.refusals import Refused
from graph.rules import county_today
from graph.scope import Viewer
from ledgers import exports, imports
from ledgers.files import MEDIA_TYPES, Format, UnreadableFile
from ledgers.sheets import LEDGERS, Ledger

_FILE = re.compile(r"^(?P<name>[a-z-]+)\.(?P<fmt>xlsx|csv)$")
_CODE = re.compile(r"^[A-Z]{2}(\d+|-[0-9A-F]{16})$")
UPLOAD_PREFIX = "/import/"
"""Where ledger files are uploaded: their bodies are bounded by ``LIMIT_UPLOAD_BYTES``, not the GraphQL
body limit, and streamed to a temporary file (``web/limits.BodyLimit``)."""


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def _retry_later(request: Request, exc: Exception) -> JSONResponse:
    """A 503 with ``Retry-After``, in the GraphQL API's codes (``schema/errors.py``)."""
    seconds = request.app.state.limits.retry_after_seconds
    if isinstance(exc, OutcomeUnknown):
        code = "OUTCOME_UNKNOWN"
        message = "the database stopped answering while a batch was committed: run the same import again to finish it"
    elif isinstance(exc, QueryTimeout):
        code, message = "TIMEOUT", f"a read or a batch ran past its {exc.seconds:g} s timeout; nothing more was done"
    else:
        code, message = "SERVICE_UNAVAILABLE", f"the database is unavailable; try again in {seconds} s"
    response = _error(503, code, message)
    response.headers["Retry-After"] = str(seconds)
    return response


_RETRY_LATER = (DatabaseUnavailable, QueryTimeout, OutcomeUnknown)


class _BadRequest(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _ledger_file(request: Request, *, importable: bool = False) -> tuple[Ledger, Format]:
    match = _FILE.match(request.path_params["file"])
    ledger = LEDGERS.get(match["name"]) if match else None
    if match is None or ledger is None or (importable and not ledger.importable):
        known = [n for n, lg in LEDGERS.items() if lg.importable or not importable]
        raise _BadRequest(_error(404, "NOT_FOUND", f"no such ledger; there are: {', '.join(known)} (.xlsx or .csv)"))
    return ledger, match["fmt"]  # type: ignore[return-value]


def _scope_code(value: str | None) -> str | None:
    """A scope argument as a code: a code as it is, a global id decoded."""
    if not value:
        return None
    if _CODE.match(value):
        return value
    try:
        return decode(value, "scope")[1]
    except BadId as exc:
        raise _BadRequest(_error(400, "BAD_USER_INPUT", exc.message)) from None


def _day(value: str | None) -> date:
    if not value:
        return county_today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _BadRequest(_error(400, "BAD_USER_INPUT", "asOf: expected a date, YYYY-MM-DD")) from None


def _viewer(request: Request) -> Viewer:
    return request.state.viewer  # type: ignore[no-any-return]


def _filename(ledger: Ledger, scope: str, day: date, fmt: str) -> str:
    return f"{ledger.title}-{scope}-{day.isoformat()}.{fmt}"


def _attachment(name: str) -> str:
    """A download's name, in UTF-8 for browsers (RFC 6266) and in ASCII for the rest."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    return f"attachment; filename=\"{fallback}\"; filename*=utf-8''{quote(name)}"


async def export_ledger(request: Request) -> Response:
    try:
        ledger, fmt = _ledger_file(request)
        code = _scope_code(request.query_params.get("scope"))
        day = _day(request.query_params.get("asOf"))
    except _BadRequest as bad:
        return bad.response
    graph, viewer = request.app.state.graph, _viewer(request)
    try:
        scope = await exports.resolve(graph, viewer, ledger, code, day)
    except scopes.NotPermitted as exc:
        return _error(403, "FORBIDDEN", str(exc))
    except scopes.ScopeNotFound as exc:
        return _error(404, "NOT_FOUND", str(exc))
    except _RETRY_LATER as exc:
        return _retry_later(request, exc)
    export = exports.Export(graph, viewer, ledger, scope, day)
    name = _filename(ledger, scope.code if scope.kind != "Viewer" else viewer.scope or "", day, fmt)
    if fmt == "csv":
        chunks = exports.csv_chunks(export)
        try:
            # The heading and the first page before the answer starts: an outage then is still a 503. Later,
            # the status is sent: an outage cuts the download short (the client sees it incomplete).
            first = [await anext(chunks), await anext(chunks, b"")]
        except _RETRY_LATER as exc:
            await chunks.aclose()
            return _retry_later(request, exc)

        async def body() -> AsyncIterator[bytes]:
            for chunk in first:
                yield chunk
            async for chunk in chunks:
                yield chunk

        headers = {"content-disposition": _attachment(name)}
        return StreamingResponse(body(), media_type=MEDIA_TYPES["csv"], headers=headers)
    handle, path = tempfile.mkstemp(prefix="ledger-", suffix=".xlsx")
    try:
        with os.fdopen(handle, "wb") as out:
            await exports.write(export, out, "xlsx")
    except _RETRY_LATER as exc:
        os.unlink(path)
        return _retry_later(request, exc)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(path, media_type=MEDIA_TYPES["xlsx"], filename=name, background=BackgroundTask(os.unlink, path))


async def export_template(request: Request) -> Response:
    try:
        ledger, fmt = _ledger_file(request, importable=True)
    except _BadRequest as bad:
        return bad.response
    handle, path = tempfile.mkstemp(prefix="template-", suffix=f".{fmt}")
    with os.fdopen(handle, "wb") as out:
        exports.template(ledger, out, fmt)
    name = f"{ledger.title}（导入模板）.{fmt}"
    return FileResponse(path, media_type=MEDIA_TYPES[fmt], filename=name, background=BackgroundTask(os.unlink, path))


async def import_ledger(request: Request) -> Response:
    ledger = LEDGERS.get(request.path_params["name"])
    if ledger is None or not ledger.importable:
        known = ", ".join(n for n, lg in LEDGERS.items() if lg.importable)
        return _error(404, "NOT_FOUND", f"no such ledger to import; there are: {known}")
    dry_run = request.query_params.get("dryRun", "true").lower() not in ("false", "0", "no")
    content_type = request.headers.get("content-type", "")
    declared: Format | None = "xlsx" if "spreadsheetml" in content_type else "csv" if "csv" in content_type else None
    handle, path = tempfile.mkstemp(prefix="import-", suffix=".ledger")
    try:
        size = 0
        # The upload bound (LIMIT_UPLOAD_BYTES) is the middleware's: it stops this stream with a 413.
        with os.fdopen(handle, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                out.write(chunk)
        if size == 0:
            return _error(400, "BAD_USER_INPUT", "send the ledger file as the request body")
        try:
            report = await imports.import_ledger(
                request.app.state.graph,
                _viewer(request),
                ledger,
                Path(path),
                dry_run=dry_run,
                fmt=declared,
                file_name=request.query_params.get("name") or f"{ledger.name}.{declared or 'xlsx'}",
                limits=request.app.state.limits,
            )
        except Refused as refused:
            return _error(403, refused.code, refused.message)
        except _RETRY_LATER as exc:
            return _retry_later(request, exc)
        except imports.TooManyRows as exc:
            return _error(413, "REQUEST_TOO_LARGE", str(exc))
        except UnreadableFile as exc:
            return _error(422, "UNREADABLE_FILE", str(exc))
        return JSONResponse(report.as_dict(), status_code=200 if report.ok else 422)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def routes() -> list[Route]:
    """The ledger routes, for the app's route list (behind the sign-in middleware)."""
    return [
        Route("/export/templates/{file}", export_template, methods=["GET"]),
        Route("/export/{file}", export_ledger, methods=["GET"]),
        Route("/import/{name}", import_ledger, methods=["POST"]),
    ]

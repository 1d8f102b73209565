"""The project's command line (run through ``./dev``): serve, manage the local Neo4j, load data sets."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from graph.driver import DatabaseUnavailable, Graph
from graph.migrations import migrate
from graph.runtime import LocalNeo4j, RuntimeProblem
from graph.settings import Settings, get_settings
from web.auth import mint

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
neo4j_app = typer.Typer(no_args_is_help=True, help="The local Neo4j (ignored when NEO4J_URI is set).")
app.add_typer(neo4j_app, name="neo4j")
coverage_app = typer.Typer(no_args_is_help=True, help="The coverage aggregate (graph/aggregate.py).")
app.add_typer(coverage_app, name="coverage")
console = Console(stderr=True)


def _fail(message: str) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def _local(settings: Settings) -> LocalNeo4j:
    if not settings.embedded:
        _fail("NEO4J_URI is set: this project uses that server and manages no local Neo4j.")
    return LocalNeo4j.from_settings(settings)


async def _prepare(settings: Settings, scale: int) -> None:
    """Migrate the schema and load the data set when the database has none."""
    from seeds.loader import ensure_loaded

    graph = Graph.from_settings(settings)
    try:
        await graph.verify()
        applied = await migrate(graph)
        if applied:
            console.print(f"schema migrated: {', '.join(m.name for m in applied)}")
        started = time.monotonic()
        if await ensure_loaded(graph, scale):
            console.print(f"data set (scale {scale}) loaded in {time.monotonic() - started:.1f} s")
        else:
            console.print("data set already loaded")
        if settings.warmup and settings.worker_count > 1:
            # Plan the catalogue once here, so that the workers, warming up side by side, find the plans cached.
            from web.warmup import plan_catalogue

            report = await plan_catalogue(graph)
            console.print(f"{report.planned} queries planned in {report.seconds:.1f} s")
    finally:
        await graph.close()


@app.command()
def serve(
    scale: int = typer.Option(
        None, help="Data set scale to load into an empty database (default: DATASET_SCALE or 1)."
    ),
    host: str = typer.Option(None, help="Address to bind (default: HOST or 127.0.0.1)."),
    port: int = typer.Option(None, help="Port to serve on (default: PORT or 8000)."),
    dev: bool = typer.Option(
        True, help="Development mode: GraphiQL at /graphql, introspection and suggestions (--no-dev: production)."
    ),
    workers: int = typer.Option(
        None, help="Worker processes (default: WORKERS, else one per core with --no-dev and one in development)."
    ),
) -> None:
    """Start Neo4j (unless NEO4J_URI is set), migrate, load the data set when empty, serve GraphQL."""
    import uvicorn

    from server import create_app
    from web.serving import uvicorn_options

    overrides = {"host": host, "port": port, "debug": dev, "workers": workers}
    settings = get_settings().model_copy(update={k: v for k, v in overrides.items() if v is not None})
    local = LocalNeo4j.from_settings(settings) if settings.embedded else None
    started_here = False
    try:
        if local is not None:
            console.print(f"starting the local Neo4j in {local.home} …")
            started_here = local.start() == "started"
            console.print(f"Neo4j {'started' if started_here else 'already running'} at {local.uri}")
        asyncio.run(_prepare(settings, scale or settings.dataset_scale))
        console.print(f"GraphQL at [bold]http://{settings.host}:{settings.port}/graphql[/bold]")
        if settings.debug:
            console.print("development mode: GraphiQL, introspection and field suggestions on (--no-dev: off)")
        if settings.auth_jwks_url is None or settings.auth_secret:
            token = mint(settings, "COUNTY")
            console.print(
                "a COUNTY token for local use (send it as 'Authorization: Bearer <token>'; more: ./dev token):"
            )
            console.print(token, soft_wrap=True, highlight=False)
        count = settings.worker_count
        if count == 1:
            uvicorn.run(create_app(settings), host=settings.host, port=settings.port, **uvicorn_options())
        else:
            # Each worker is a fresh process that builds the app from the environment (server.create_app
            # reads get_settings()): the command's options go there first. Migrations ran above, once.
            console.print(f"{count} worker processes")
            os.environ.update({"DEBUG": "1" if settings.debug else "0", "HOST": settings.host,
                               "PORT": str(settings.port), "WORKERS": str(count), "WARMUP_PLANS": "0"})  # fmt: skip
            uvicorn.run("server:create_app", factory=True, host=settings.host, port=settings.port, workers=count,
                        **uvicorn_options())  # fmt: skip
    except (RuntimeProblem, DatabaseUnavailable) as exc:
        _fail(str(exc))
    finally:
        if local is not None and started_here:
            console.print("stopping the local Neo4j …")
            local.stop()


@app.command()
def check() -> None:
    """Check that Neo4j answers with the configured settings (exit 1 with the reason if not)."""

    async def run() -> None:
        graph = Graph.from_settings(get_settings())
        try:
            await graph.verify()
        finally:
            await graph.close()

    try:
        asyncio.run(run())
    except (RuntimeProblem, DatabaseUnavailable) as exc:
        _fail(str(exc))
    console.print("Neo4j answers")


@app.command()
def seed(scale: int = typer.Option(1, help="Data set scale (1 = Tongguan's county seat).")) -> None:
    """Migrate and load the data set into the configured Neo4j (idempotent)."""
    from seeds.generator import generate
    from seeds.loader import load

    async def run() -> None:
        graph = Graph.from_settings(get_settings())
        try:
            await graph.verify()
            await migrate(graph)
            report = await load(graph, generate(scale))
            console.print(report)
        finally:
            await graph.close()

    try:
        asyncio.run(run())
    except (RuntimeProblem, DatabaseUnavailable) as exc:
        _fail(str(exc))


@app.command()
def token(
    role: str = typer.Option(..., help="COUNTY, STREET, COMMUNITY, GRID, MEMBER, RESIDENT or ANALYST."),
    scope: str = typer.Option(None, help="The code of the territory (or its Party organization) the role covers."),
    sub: str = typer.Option(None, help="The person's code (required for MEMBER and RESIDENT)."),
    hours: float = typer.Option(8.0, help="How long the token is valid."),
) -> None:
    """Mint a bearer token for this deployment (development and tests); the token alone is the last line."""
    from graph.scope import Role

    settings = get_settings()
    try:
        Role(role.upper())
    except ValueError:
        _fail(f"--role must be one of {', '.join(r.value for r in Role)}")
    if role.upper() in ("MEMBER", "RESIDENT") and not sub:
        _fail(f"a {role.upper()} token needs --sub, the person's code")
    try:
        value = mint(settings, role.upper(), scope, sub, ttl_seconds=int(hours * 3600))
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"{role.upper()} token, valid {hours:g} h; send it as 'Authorization: Bearer <token>':")
    print(value)


# ---------------------------------------------------------------- ledgers (台账)


def _signed_in(
    graph: Graph, settings: Settings, token: str | None, role: str | None, scope: str | None, sub: str | None
):
    """The viewer the command acts as: a token (verified as the API verifies it), or role, scope and person
    (checked against the graph as a token's claims are); the same scope and masking as over HTTP."""
    from graph.rules import county_today
    from graph.scope import Role, resolve_viewer
    from web.auth import TokenVerifier
    from web.middleware import authenticate

    async def resolve():
        if token:
            return await authenticate(graph, TokenVerifier(settings), token)
        if not role:
            _fail("say who you are: --token, or --role (with --scope, and --sub for members and residents)")
        assert role is not None
        try:
            as_role = Role(role.upper())
        except ValueError:
            _fail(f"--role must be one of {', '.join(r.value for r in Role)}")
        return await resolve_viewer(graph, as_role, scope, sub, county_today())

    return resolve()


_TOKEN = typer.Option(None, "--token", help="Act as the bearer token's subject (as the API would).")
_ROLE = typer.Option(None, "--role", help="Or act as this role: COUNTY, STREET, COMMUNITY, GRID, ANALYST, …")
_AS_SCOPE = typer.Option(None, "--scope", help="With --role: the territory (or Party organization) it covers.")
_SUB = typer.Option(None, "--sub", help="With --role: the person (members and residents).")


@app.command("export")
def export_ledger(
    ledger: str = typer.Argument(..., help="uncovered-households, register, pairings, building-leaders, five-haves, …"),
    out: str = typer.Option(None, "--out", "-o", help="File to write (default: <ledger>.<format> here)."),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx or csv."),
    of: str = typer.Option(None, "--of", help="The scope: a territory's code (default: all you may see)."),
    as_of: str = typer.Option(None, "--as-of", help="The day, YYYY-MM-DD (default: today in the county)."),
    token: str = _TOKEN,
    role: str = _ROLE,
    scope: str = _AS_SCOPE,
    sub: str = _SUB,
) -> None:
    """Export a ledger (台账) as .xlsx or .csv, as the API would show it to you."""
    from datetime import date

    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from graph import scope as scopes
    from graph.rules import county_today
    from ledgers import exports
    from ledgers.sheets import LEDGERS

    if ledger not in LEDGERS:
        _fail(f"no ledger {ledger!r}; there are: {', '.join(LEDGERS)}")
    if fmt not in ("xlsx", "csv"):
        _fail("--format is xlsx or csv")
    day = date.fromisoformat(as_of) if as_of else county_today()
    target = Path(out or f"{ledger}.{fmt}")
    settings = get_settings()

    async def run() -> int:
        graph = Graph.from_settings(settings)
        try:
            await graph.verify()
            viewer = await _signed_in(graph, settings, token, role, scope, sub)
            try:
                found = await exports.resolve(graph, viewer, LEDGERS[ledger], of, day)
            except (scopes.ScopeNotFound, scopes.NotPermitted) as exc:
                _fail(str(exc))
            export = exports.Export(graph, viewer, LEDGERS[ledger], found, day)
            columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                       TextColumn("{task.completed:,} 行"), TimeElapsedColumn())  # fmt: skip
            with Progress(*columns, console=console) as progress, target.open("wb") as f:
                task = progress.add_task(f"导出 {LEDGERS[ledger].title}", total=None)
                return await exports.write(export, f, fmt, lambda rows: progress.update(task, completed=rows))  # type: ignore[arg-type]
        finally:
            await graph.close()

    try:
        rows = asyncio.run(run())
    except (RuntimeProblem, DatabaseUnavailable) as exc:
        _fail(str(exc))
    console.print(f"wrote {rows:,} rows to {target} ({target.stat().st_size / 2**20:.1f} MiB)")


@app.command("template")
def ledger_template(
    ledger: str = typer.Argument(..., help="register, pairings or building-leaders."),
    out: str = typer.Option(None, "--out", "-o", help="File to write (default: <ledger>-template.<format>)."),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx or csv."),
) -> None:
    """Write an empty ledger to fill in for an import."""
    from ledgers import exports
    from ledgers.sheets import LEDGERS

    if ledger not in LEDGERS or not LEDGERS[ledger].importable:
        _fail(
            f"no ledger {ledger!r} to import; there are: {', '.join(n for n, lg in LEDGERS.items() if lg.importable)}"
        )
    target = Path(out or f"{ledger}-template.{fmt}")
    with target.open("wb") as f:
        exports.template(LEDGERS[ledger], f, fmt)  # type: ignore[arg-type]
    console.print(f"wrote {target}")


@app.command("import")
def import_ledger(
    ledger: str = typer.Argument(..., help="register, pairings or building-leaders."),
    file: str = typer.Argument(..., help="The .xlsx or .csv file."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row and report; write nothing."),
    token: str = _TOKEN,
    role: str = _ROLE,
    scope: str = _AS_SCOPE,
    sub: str = _SUB,
) -> None:
    """Import a register or roster: check every row (--dry-run stops there), then write it in audited batches."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from graph.refusals import Refused
    from ledgers.files import UnreadableFile
    from ledgers.imports import import_ledger as run_import
    from ledgers.sheets import LEDGERS

    if ledger not in LEDGERS or not LEDGERS[ledger].importable:
        _fail(
            f"no ledger {ledger!r} to import; there are: {', '.join(n for n, lg in LEDGERS.items() if lg.importable)}"
        )
    path = Path(file)
    if not path.is_file():
        _fail(f"no file {file}")
    settings = get_settings()

    async def run():
        graph = Graph.from_settings(settings)
        try:
            await graph.verify()
            viewer = await _signed_in(graph, settings, token, role, scope, sub)
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=console) as progress:
                tasks: dict[str, Any] = {}

                def step(stage: str, done: int, total: int) -> None:
                    if stage not in tasks:
                        tasks[stage] = progress.add_task({"check": "检查", "write": "写入"}[stage], total=total)
                    progress.update(tasks[stage], completed=done)

                return await run_import(graph, viewer, LEDGERS[ledger], path, dry_run=dry_run, progress=step)
        finally:
            await graph.close()

    try:
        report = asyncio.run(run())
    except (RuntimeProblem, DatabaseUnavailable, UnreadableFile) as exc:
        _fail(str(exc))
    except Refused as refused:
        _fail(refused.message)
    for problem in report.problems:
        console.print(f"[red]✗[/red] {problem}", highlight=False)
    if report.more_problems:
        console.print(f"… 另有 {report.more_problems} 个问题未列出")
    console.print(f"{LEDGERS[ledger].title}：{report.file}，{report.rows:,} 行", highlight=False)
    table = Table(show_header=False)
    names = {"created": "新增", "updated": "更新", "ended": "结束", "unchanged": "不变"}
    verb = "将" if report.dry_run or not report.applied else "已"
    for key, word in names.items():
        table.add_row(f"{verb}{word}", f"{report.counts.get(key, 0):,}")
    table.add_row("问题", f"{len(report.problems) + report.more_problems:,}")
    if report.import_id:
        table.add_row("导入编号", report.import_id + ("（接续上次中断的导入）" if report.resumed else ""))
    console.print(table)
    if not report.ok:
        console.print("nothing written" if not report.applied and not report.import_id else "stopped: see the problems")
        raise typer.Exit(1)
    console.print("dry run: nothing written" if report.dry_run else "imported")


@app.command("export-schema")
def export_schema() -> None:
    """Write the GraphQL SDL to schema.graphql (a test fails when the file and the code differ)."""
    from schema.export import SDL_PATH, sdl

    SDL_PATH.write_text(sdl(), encoding="utf-8")
    console.print(f"wrote {SDL_PATH}")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j (or reuse the running one) and wait until Bolt answers."""
    local = _local(get_settings())
    try:
        outcome = local.start()
    except RuntimeProblem as exc:
        _fail(str(exc))
    console.print(f"Neo4j {outcome} at {local.uri} (home {local.home}, password in {local.password_file})")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j cleanly (SIGTERM, then wait)."""
    local = _local(get_settings())
    console.print("Neo4j stopped" if local.stop() else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    local = _local(get_settings())
    pid = local.pid()
    if pid is None:
        console.print("Neo4j is not running")
        raise typer.Exit(3)
    size = local.store_size() / 2**20
    console.print(f"Neo4j running (pid {pid}) at {local.uri}; data {size:.0f} MiB in {local.data_dir}")


def _with_graph(work: Any) -> Any:
    async def run() -> Any:
        graph = Graph.from_settings(get_settings())
        try:
            await graph.verify()
            return await work(graph)
        finally:
            await graph.close()

    try:
        return asyncio.run(run())
    except (RuntimeProblem, DatabaseUnavailable) as exc:
        _fail(str(exc))


@coverage_app.command("rebuild")
def coverage_rebuild() -> None:
    """Recompute the coverage aggregate (every grid's steps, every cadre's and unit's spans) from the graph (after
    changes made behind the API)."""
    from graph import aggregate

    started = time.monotonic()
    written = _with_graph(aggregate.rebuild)
    seconds = time.monotonic() - started
    console.print(f"coverage aggregate rebuilt in {seconds:.1f} s: {written} steps and spans written or deleted")


@coverage_app.command("check")
def coverage_check(
    days: int = typer.Option(20, help="Random days to compare on."),
    scopes: int = typer.Option(10, help="Random streets, communities and grids beside the county."),
    seed: int = typer.Option(None, help="Seed of the random days and scopes (default: a new one)."),
) -> None:
    """Compare the coverage aggregate with a fresh computation and with the brute-force Cypher (every count of the
    county, the households' of the other scopes; exit 1 if not equal)."""
    from graph import aggregate

    async def work(graph: Graph) -> list[dict[str, Any]]:
        if not await aggregate.is_built(graph):
            _fail("the coverage aggregate is not built: ./dev coverage rebuild")
        return await aggregate.check(graph, days, scopes, seed)

    problems = _with_graph(work)
    for problem in problems:
        console.print(problem)
    if problems:
        _fail(f"{len(problems)} differences")
    console.print(f"the coverage aggregate equals the brute force on {days} days and {scopes + 1} scopes")


if __name__ == "__main__":
    sys.exit(app())

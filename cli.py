"""The project's command line (run through ``./dev``): serve, manage the local Neo4j, load data sets."""

from __future__ import annotations

import asyncio
import os
import sys
import time

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
            uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
        else:
            # Each worker is a fresh process that builds the app from the environment (server.create_app
            # reads get_settings()): the command's options go there first. Migrations ran above, once.
            console.print(f"{count} worker processes")
            os.environ.update({"DEBUG": "1" if settings.debug else "0", "HOST": settings.host,
                               "PORT": str(settings.port), "WORKERS": str(count), "WARMUP_PLANS": "0"})  # fmt: skip
            uvicorn.run("server:create_app", factory=True, host=settings.host, port=settings.port, workers=count,
                        log_level="info")  # fmt: skip
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


if __name__ == "__main__":
    sys.exit(app())

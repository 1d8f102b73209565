"""``python -m seeds``: generate the data set and its ground truth, load it, print its figures."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from seeds import ground_truth as gt

app = typer.Typer(help="The Tongguan data set: generate, load, figures.", no_args_is_help=True, add_completion=False)
console = Console()

SCALE = typer.Option(1, "--scale", "-s", min=1, help="How many copies of the street (1 = the case study).")


@app.command()
def generate(scale: int = SCALE) -> None:
    """Generate the data set, write seeds/ground_truth/scale-N.json and print the figures."""
    from seeds.generator import generate as build

    started = time.perf_counter()
    dataset = build(scale)
    built = time.perf_counter() - started
    path = gt.write(dataset)
    console.print(f"generated scale {scale} in {built:.1f}s; ground truth in {time.perf_counter() - started:.1f}s")
    console.print(f"wrote {path}")
    _print_figures(gt.read(scale))


@app.command()
def load(
    scale: int = SCALE,
    batch_size: int = typer.Option(5000, help="Rows per UNWIND batch."),
) -> None:
    """Generate the data set and load it into Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)."""
    from graph.driver import Graph
    from graph.settings import get_settings
    from seeds.generator import generate as build
    from seeds.loader import load as load_dataset

    settings = get_settings()
    if not settings.neo4j_uri:
        # The embedded default (graph.runtime) is wired by the service; here a server must be named.
        raise typer.BadParameter("set NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) to the server to load into")

    async def run() -> Any:
        graph = Graph.from_settings(settings)
        try:
            await graph.verify()
            return await load_dataset(graph, build(scale), batch_size=batch_size)
        finally:
            await graph.close()

    report = asyncio.run(run())
    console.print(
        f"loaded scale {scale}: {report.node_total:,} nodes, {report.relationship_total:,} relationships "
        f"in {report.batches} batches, {report.seconds:.1f}s (fingerprint {report.fingerprint[:12]})"
    )


@app.command()
def figures(
    scale: int = SCALE,
    as_json: bool = typer.Option(False, "--json", help="Print the whole ground truth's figures as JSON."),
) -> None:
    """Print the figures of the ground truth (generating it first if it is not there)."""
    try:
        truth = gt.read(scale)
    except FileNotFoundError:
        from seeds.generator import generate as build
        from seeds.truth import compute

        truth = compute(build(scale))
    if as_json:
        console.print_json(json.dumps({"figures": truth["figures"], "coverage": truth["coverage"]["county"]}))
    else:
        _print_figures(truth)


def _print_figures(truth: dict[str, Any]) -> None:
    table = Table(title=f"Tongguan data set, scale {truth['scale']}, as of {truth['referenceDate']}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in truth["figures"].items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, int):
            value = f"{value:,}"
        table.add_row(key, str(value))
    console.print(table)
    coverage = Table(title="County coverage")
    coverage.add_column("field")
    coverage.add_column("value", justify="right")
    for key, value in truth["coverage"]["county"].items():
        coverage.add_row(key, f"{value:,}")
    console.print(coverage)


if __name__ == "__main__":
    app()

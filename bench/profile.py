"""Where a request's Python time goes (``./dev bench --profile``): py-spy samples one API worker while 8 clients
send the same request for a while, for household detail and for a page of units (the two entity reads of
issue 10) and for a grid's uncovered households (an analysis), and the report lists the functions that hold the
most samples, by own time and with their callees.

The API runs as in production (``./dev serve --no-dev``) with one worker, so that every request is sampled.
py-spy (a dev dependency) attaches by pid: it needs ptrace (``kernel.yama.ptrace_scope`` 0, or root).
"""

from __future__ import annotations

import collections
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
import neo4j

from bench import processes
from bench.operations import pick_parameters
from bench.peer.ops import gid
from graph.runtime import free_port
from graph.settings import REPO_ROOT, Settings
from web.auth import mint

DOCUMENTS = {
    "household detail": (
        """query ($code: String!, $asOf: Date) { byCode(code: $code) { ... on Household {
  code address
  building { code name compound { code name area { code name grid { code name } } } }
  residents { code }
  pairedMembers(asOf: $asOf) { code name } } } }""",
        lambda p: {"code": p["household"], "asOf": p["asOf"].isoformat()},
    ),
    "a page of units": (
        """query ($asOf: Date) { units(first: 20) { totalCount pageInfo { hasNextPage }
  nodes { code name kind areas(asOf: $asOf) { code name grid { code name } } } } }""",
        lambda p: {"asOf": p["asOf"].isoformat()},
    ),
    "uncovered households of a grid": (
        """query ($scope: ID, $asOf: Date) { uncoveredHouseholds(scope: $scope, first: 20, asOf: $asOf) {
  totalCount pageInfo { hasNextPage } nodes { code address } } }""",
        lambda p: {"scope": gid("Grid", p["grid"]), "asOf": p["asOf"].isoformat()},
    ),
}
"""The rig's project requests (bench/peer/ops.py), as the side-by-side run sends them."""

PY_SPY = REPO_ROOT / ".venv" / "bin" / "py-spy"


def _load(url: str, headers: dict[str, str], body: dict[str, Any], until: float, counts: list[int]) -> None:
    with httpx.Client(timeout=60, headers=headers) as http:
        while time.monotonic() < until:
            answer = http.post(url, json=body).json()
            counts[0 if not answer.get("errors") else 1] += 1


def _summary(collapsed: Path, top: int) -> tuple[list[tuple[str, float]], list[tuple[str, float]], int]:
    """Own and inclusive share of samples per function from py-spy's collapsed stacks ("a;b;c N" lines)."""
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():  # a line py-spy was still writing when it was read
            continue
        n = int(count)
        frames = [f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0] + ")" if " (" in f else f
                  for f in stack.split(";")]  # fmt: skip
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    share = [(name, 100 * n / total) for name, n in own.most_common(top)]
    broad = [(name, 100 * n / total) for name, n in inclusive.most_common(top * 3)]
    return share, broad, total


def run(settings: Settings, driver: neo4j.Driver, seconds: float = 20, clients: int = 8, top: int = 25) -> None:
    params = pick_parameters(driver)
    headers = {"Authorization": f"Bearer {mint(settings, 'COUNTY', ttl_seconds=86_400)}"}
    out_dir = processes.LOG_DIR
    with processes.api(settings, free_port(), workers=1) as api:
        for name, (query, variables) in DOCUMENTS.items():
            body = {"query": query, "variables": variables(params)}
            collapsed = out_dir / f"profile-{name.replace(' ', '-')}.txt"
            spy = subprocess.Popen([str(PY_SPY), "record", "--pid", str(api.process.pid), "--duration", str(seconds),
                                    "--rate", "250", "--format", "raw", "--output", str(collapsed), "--nonblocking"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
            time.sleep(1.0)
            counts = [0, 0]
            until = time.monotonic() + seconds - 2
            threads = [
                threading.Thread(target=_load, args=(api.url, headers, body, until, counts)) for _ in range(clients)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            _, err = spy.communicate(timeout=seconds + 60)
            if not collapsed.exists():
                raise RuntimeError(f"py-spy wrote nothing: {err.decode(errors='replace')[-500:]}")
            own, inclusive, total = _summary(collapsed, top)
            rate = counts[0] / (seconds - 2)
            print(f"\n### {name}: {counts[0]} requests ({counts[1]} failed), {rate:.0f}/s from {clients} clients; "
                  f"{total} samples ({collapsed})\n")  # fmt: skip
            print("| own % | function (file) |\n|---:|---|")
            for fn, pct in own:
                print(f"| {pct:.1f} | `{fn}` |")
            print("\n| with callees % | function (file) |\n|---:|---|")
            for fn, pct in inclusive:
                print(f"| {pct:.1f} | `{fn}` |")

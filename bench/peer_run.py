"""``./dev bench --peer [--scale N] [--quick] [bench.py options]``: the side-by-side comparison of issue 10.

Starts the API as production runs it (``./dev serve --no-dev``, ``--workers`` processes, warmed up before it
answers) and the peer (@neo4j/graphql 7 under Apollo Server 5, ``bench/peer/server.mjs``, ``--peer-port``,
``npm ci`` on first use) over the benchmark's Neo4j, then runs ``bench/peer/bench.py``: the three answers of each
operation (this API, the peer, the one raw Cypher query) compared and identical, sequential latency p50/p95
interleaved request by request, throughput at concurrency 8 and 32. The API's requests carry a COUNTY token
minted as ``./dev token --role COUNTY`` mints it. Results go to ``bench/peer/results/`` (not kept in git).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from bench import processes
from graph.runtime import free_port
from graph.settings import Settings
from web.auth import mint

QUICK = ["--rounds", "2", "--runs", "25", "--warmup", "5", "--load-seconds", "8", "--load-rounds", "1",
         "--load-pause", "0.5"]  # fmt: skip
"""About a third of the rig's default run: enough for stable p50s on a quiet machine, not for p95s."""


def run(settings: Settings, args: argparse.Namespace, rest: list[str]) -> None:
    assert settings.neo4j_uri and settings.neo4j_password is not None
    api_port = args.port or int(os.environ.get("PORT", "0")) or free_port()
    token = mint(settings, "COUNTY", ttl_seconds=86_400)
    with processes.peer(settings, args.peer_port) as peer, \
            processes.api(settings, api_port, workers=args.workers) as api:  # fmt: skip
        print(f"API: {args.workers} worker(s) at {api.url}, ready (warmed) {api.seconds:.1f} s after start; "
              f"peer at {peer.url}")  # fmt: skip
        command = [
            sys.executable, str(processes.PEER_DIR / "bench.py"),
            "--project-url", api.url, "--peer-url", peer.url,
            "--neo4j-uri", settings.neo4j_uri, "--neo4j-user", settings.neo4j_user,
            "--project-pid", str(api.process.pid), "--peer-pid", str(peer.process.pid),
            "--label", f"scale{settings.dataset_scale}-w{args.workers}",
            *(QUICK if args.quick else []),
            # ``--only`` is the bench's own option too (it would be consumed there): the rig's keys, comma-separated.
            *(["--only", ",".join(args.only)] if args.only else []),
            *rest,
        ]  # fmt: skip
        env = {**os.environ, "PROJECT_TOKEN": token, "NEO4J_PASSWORD": settings.neo4j_password}
        subprocess.run(command, env=env, check=True)

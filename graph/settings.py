"""Connection and runtime settings, read once from the environment.

With ``NEO4J_URI`` set, the project uses that server (a user's own Neo4j, Aura, a cluster) and starts
nothing. Without it, the embedded default runs: a local Neo4j 5.26 Community under ``var/neo4j``.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent

NEO4J_VERSION = "5.26.30"
"""The newest 5.26 LTS patch that Maven Central served when this was pinned."""


class Limits(BaseSettings):
    """Every bound the service puts on a request, read from ``LIMIT_<NAME>`` (e.g. ``LIMIT_COST=20000``).

    Each request limit is answered before any Cypher runs, with an error whose ``extensions`` name the limit
    and the figures (``{code: "QUERY_TOO_COMPLEX", limit: "cost", max: 20000, actual: 1234567}``); the time
    bounds end work that runs too long; the plausibility bounds refuse values no real record has.
    """

    model_config = SettingsConfigDict(env_prefix="LIMIT_", extra="ignore")

    # What a request may ask for (answered before parsing, parsing, and execution in turn).
    body_bytes: int = 64 * 1024
    """A request body longer than this is refused (413) while it streams in, before it is parsed."""
    upload_bytes: int = 32 * 2**20
    """A ledger file uploaded for an import (``POST /import/...``): refused (413) past this, before it is parsed.
    A 100,000-row register is about 7 MiB as .xlsx and 12 MiB as .csv (BENCHMARKS.md)."""
    import_rows: int = 200_000
    """The most data rows an import reads (a compressed .xlsx can hold far more rows than its bytes suggest):
    reading stops at the first one over and nothing is written."""
    import_batch_rows: int = 500
    """Rows an import writes in one transaction (a household's, a pair's or a post's rows are never split). Over
    HTTP each batch must finish within ``query_seconds``: on the busy shared machine 2,000-row batches took 7 s
    on average, 500-row ones 2.7 s (BENCHMARKS.md, *Ledgers*); one that runs past it is ended and the same file
    sent again carries on."""
    tokens: int = 2000
    """Lexical tokens of a GraphQL document: parsing stops at the first one over."""
    aliases: int = 50
    depth: int = 15
    cost: int = 20_000
    """The most objects a query could return: each field's objects times the bound of every list above it.
    The largest answer a client of ours asks for, the console's pairing picture of the busiest grid, is about
    8,000 objects (2,872 nodes, 5,108 edges at scale 1), estimated at 15,000 from its ``limit: 5000``."""
    list_argument: int = 100
    """The most items of a list argument (``nodes(ids:)``, ``search(kinds:)``, ...)."""

    # The parse/validation cache, bounded by (estimated) bytes rather than entries.
    cache_bytes: int = 32 * 2**20
    cached_document_bytes: int = 16 * 1024
    """A document longer than this is never cached (parsed and validated afresh each time)."""

    # Time bounds.
    query_seconds: float = 5.0
    """Neo4j's transaction timeout on every query of a request; the client gives up a second later."""
    request_seconds: float = 10.0
    """A GraphQL request's deadline: its work is cancelled and it is answered with TIMEOUT."""
    connect_seconds: float = 2.0
    """Opening a connection to Neo4j (TCP and Bolt handshake)."""
    probe_seconds: float = 1.0
    """The watchdog's ``RETURN 1`` must answer within this, or Neo4j is taken as unavailable."""
    probe_interval_seconds: float = 0.25
    probe_misses: int = 2
    """Checks in a row in which the probe was overdue and nothing at all came back from Neo4j (no query's answer
    either) before Neo4j is taken as unavailable; a probe refused outright twice in a row takes it down at once."""
    retry_after_seconds: int = 2
    """The ``Retry-After`` of a 503."""

    # Plausible values.
    earliest_date: date = date(1949, 10, 1)
    """No date before the founding of the People's Republic."""
    days_ahead: int = 366
    """A date (a start, an end, an ``asOf``) is at most this far after today..."""
    plan_days_ahead: int = 10 * 366
    """...except a plan (a planned start, a due date, an expected-by day)."""
    grant_yuan: int = 10_000_000
    """The largest grant (a grid branch's working funds are 10,000 yuan a year)."""
    budget_yuan: int = 100_000_000
    """The largest micro-project budget."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"

    # The embedded default (ignored when NEO4J_URI is set).
    neo4j_home: Path = REPO_ROOT / "var" / "neo4j" / "home"
    neo4j_lib: Path = REPO_ROOT / "var" / "neo4j" / f"lib-{NEO4J_VERSION}"
    neo4j_bolt_port: int = 7687
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    neo4j_start_timeout: float = 180.0

    # The service.
    host: str = "127.0.0.1"
    port: int = 8000
    dataset_scale: int = 1
    debug: bool = False
    """Development mode (``DEBUG=1``; ``./dev serve`` sets it): GraphiQL on GET /graphql, introspection and
    "did you mean" suggestions. Off, the API answers queries only."""
    limits: Limits = Field(default_factory=Limits)
    cors_origins: str = ""
    """Origins whose pages may call the API from a browser (CORS), comma-separated, e.g.
    ``https://console.county.example,http://127.0.0.1:5173``; none by default (same-origin pages, such as
    the console at ``/console``, need none)."""
    workers: int | None = None
    """API worker processes (``WORKERS``): by default one per core in production mode, one in development
    mode. Nothing a request needs lives in one process's memory (quotas and idempotency keys are in Neo4j,
    the change feed polls Neo4j), so any worker may answer any request."""
    warmup: bool = True
    """Plan every catalogued query and validate the common documents before answering ``/readyz`` (``WARMUP=0``
    skips it: the first call of each query then pays Neo4j's planning)."""
    warmup_plans: bool = True
    """Whether the warm-up plans the catalogue; ``./dev serve`` plans it once itself and then sets
    ``WARMUP_PLANS=0`` for its workers, which only run the common documents."""
    change_poll_seconds: float = 1.0
    """How often each API process reads the change feed (new audit records) for its live subscribers."""

    # Sign-in (web/auth.py): bearer JWTs. A single deployment signs its own tokens with HS256 and a secret
    # (AUTH_SECRET, else one generated once into AUTH_SECRET_FILE, which `./dev token` reads too); a county
    # single sign-on (Keycloak and the like) is trusted through its JWKS (AUTH_JWKS_URL, RS256/ES256).
    auth_secret: str | None = None
    auth_secret_file: Path = REPO_ROOT / "var" / "auth" / "secret"
    auth_jwks_url: str | None = None
    auth_algorithms: tuple[str, ...] | None = None
    """Accepted algorithms; default HS256 with a secret, RS256 and ES256 with a JWKS."""
    auth_issuer: str = "tongguan-grid"
    auth_audience: str = "tongguan-grid-api"
    auth_leeway_seconds: int = 30
    """Clock skew allowed on ``exp`` and ``nbf``."""
    auth_jwks_refresh_seconds: int = 300
    """How long fetched JWKS keys are trusted before they are fetched again."""
    auth_jwks_cooldown_seconds: float = 30.0
    """A token with a key id the cached JWKS lacks fetches it again (a rotation), at most this often."""

    # Write quotas per subject (graph/changes.py).
    quota_resident_wishes_per_day: int = 5
    quota_writes_per_minute: int = 120

    @property
    def embedded(self) -> bool:
        return not self.neo4j_uri

    @property
    def worker_count(self) -> int:
        if self.workers is not None:
            return max(1, self.workers)
        return 1 if self.debug else max(1, os.cpu_count() or 1)

    @property
    def allowed_origins(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

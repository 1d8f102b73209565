"""Connection and runtime settings, read once from the environment.

With ``NEO4J_URI`` set, the project uses that server (a user's own Neo4j, Aura, a cluster) and starts
nothing. Without it, the embedded default runs: a local Neo4j 5.26 Community under ``var/neo4j``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent

NEO4J_VERSION = "5.26.30"
"""The newest 5.26 LTS patch that Maven Central served when this was pinned."""


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
    """Development mode: GraphiQL on GET /graphql."""
    cors_origins: str = ""
    """Origins whose pages may call the API from a browser (CORS), comma-separated, e.g.
    ``https://console.county.example,http://127.0.0.1:5173``; none by default (same-origin pages, such as
    the console at ``/console``, need none)."""
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
    def allowed_origins(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

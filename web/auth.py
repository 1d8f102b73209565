"""Sign-in: bearer JWTs, verified with PyJWT, and the viewer each one stands for.

Two ways to trust a token, chosen by settings (``graph/settings.py``):

* **HS256 with a secret** (``AUTH_SECRET``, else one generated once into ``var/auth/secret``) for a single
  deployment: ``./dev token`` mints tokens with the same secret;
* **RS256 / ES256 against a JWKS** (``AUTH_JWKS_URL``), so that a county's single sign-on (Keycloak and the
  like) issues them. Keys are cached; a token signed with a key id the cache does not know makes the
  JWKS be fetched again, so a key rotation is picked up without a restart.

Every token must carry ``exp``, ``iss`` and ``aud`` (and may carry ``nbf``), all checked; ``alg: none`` and
any algorithm other than the configured ones are refused before a key is looked at. The claims that
matter are ``role`` (a :class:`graph.scope.Role`), ``scope`` (the code of the territory or organization the
role covers) and ``sub`` (a person's code: required for members and residents).
"""

from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWKClient

from graph.settings import Settings

SYMMETRIC = ("HS256",)
ASYMMETRIC = ("RS256", "ES256")
DEFAULT_TTL_SECONDS = 8 * 3600
VERIFIED_SECONDS = 60.0
"""How long a verified token is trusted again without a new check (a key the identity provider withdrew stops
working within this; an expired token never passes)."""
VERIFIED_TOKENS = 4096
"""A minted token lasts a working day."""


class TokenRefused(Exception):
    """A missing, malformed, unsigned, forged, expired or wrong-algorithm token; the message says which
    (in words fit for a ``WWW-Authenticate`` header: never the token itself)."""


@dataclass(frozen=True)
class Claims:
    role: str
    scope: str | None
    sub: str | None
    expires: float = 0.0
    """``exp``, seconds since the epoch."""


def secret_of(settings: Settings) -> str | None:
    """The HS256 secret: ``AUTH_SECRET``, else the deployment's own file (made on first use, mode 0600),
    unless the deployment trusts a JWKS only."""
    if settings.auth_secret:
        return settings.auth_secret
    if settings.auth_jwks_url:
        return None
    return _secret_file(settings.auth_secret_file)


def _secret_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = path.open("x", encoding="ascii")  # never overwrite a secret another process just wrote
        except FileExistsError:
            pass
        else:
            with fd:
                path.chmod(0o600)
                fd.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


class TokenVerifier:
    """Verifies bearer tokens against the configured secret and/or JWKS."""

    def __init__(self, settings: Settings) -> None:
        self.secret = secret_of(settings)
        default = (SYMMETRIC if self.secret else ()) + (ASYMMETRIC if settings.auth_jwks_url else ())
        self.algorithms = tuple(settings.auth_algorithms or default)
        if "none" in (a.lower() for a in self.algorithms):
            raise ValueError("AUTH_ALGORITHMS must not allow 'none'")
        if not self.algorithms:
            raise ValueError("no way to verify tokens: set AUTH_SECRET or AUTH_JWKS_URL")
        self.issuer = settings.auth_issuer
        self.audience = settings.auth_audience
        self.leeway = settings.auth_leeway_seconds
        self.jwks = (
            # The key *set* is cached (for AUTH_JWKS_REFRESH_SECONDS); single keys are not, because
            # PyJWKClient would keep a key it once saw for good, even after the SSO withdrew it.
            PyJWKClient(
                settings.auth_jwks_url,
                cache_keys=False,
                cache_jwk_set=True,
                lifespan=settings.auth_jwks_refresh_seconds,
                cooldown_duration=settings.auth_jwks_cooldown_seconds,
            )
            if settings.auth_jwks_url
            else None
        )
        self._verified: dict[str, tuple[Claims, float]] = {}
        """Tokens verified lately: their claims and until when they are trusted without a new check."""

    async def verify(self, token: str) -> Claims:
        """The token's claims, or :class:`TokenRefused`. A token signed with the deployment's own secret and
        verified in this process in the last :data:`VERIFIED_SECONDS` (and not expired since) is not verified
        again (one from the identity provider is, as its key may be withdrawn): decoding and checking a JWT was
        a tenth of a small request's Python time, and a client sends the same token with every request."""
        now = time.time()
        cached = self._verified.get(token)
        if cached is not None and now < cached[1]:
            return cached[0]
        claims, own = await self._verify(token)
        if not own:  # a key of the identity provider may be withdrawn at any moment: checked every time
            return claims
        if len(self._verified) >= VERIFIED_TOKENS:
            self._verified.clear()  # simpler than LRU, and as good: clients keep one token for hours
        self._verified[token] = (claims, min(now + VERIFIED_SECONDS, claims.expires + self.leeway))
        return claims

    async def _verify(self, token: str) -> tuple[Claims, bool]:
        """The claims, and whether the token was signed with this deployment's own secret."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise TokenRefused("the token is not a JWT") from None
        algorithm = header.get("alg")
        if not isinstance(algorithm, str) or algorithm not in self.algorithms:
            raise TokenRefused(f"tokens signed with {algorithm!r} are not accepted")
        key: Any
        if algorithm in SYMMETRIC:
            key = self.secret
        elif self.jwks is not None:
            try:
                # PyJWKClient fetches with urllib: off the event loop.
                key = (await asyncio.to_thread(self.jwks.get_signing_key_from_jwt, token)).key
            except jwt.PyJWKClientError:
                raise TokenRefused("the token's signing key is not in the identity provider's key set") from None
        else:
            raise TokenRefused(f"tokens signed with {algorithm!r} are not accepted")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iss", "aud", "role"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRefused("the token has expired") from None
        except jwt.ImmatureSignatureError:
            raise TokenRefused("the token is not valid yet") from None
        except jwt.InvalidSignatureError:
            raise TokenRefused("the token's signature does not verify") from None
        except jwt.PyJWTError as exc:
            raise TokenRefused(f"the token was refused: {type(exc).__name__}") from None
        role, scope, sub = claims.get("role"), claims.get("scope"), claims.get("sub")
        if not isinstance(role, str) or not all(v is None or isinstance(v, str) for v in (scope, sub)):
            raise TokenRefused("the token's role, scope and sub must be strings")
        return Claims(role=role, scope=scope, sub=sub, expires=float(claims["exp"])), algorithm in SYMMETRIC


def mint(
    settings: Settings,
    role: str,
    scope: str | None = None,
    sub: str | None = None,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
) -> str:
    """An HS256 token for this deployment (development, tests, tools): what ``./dev token`` prints."""
    secret = secret_of(settings)
    if secret is None:
        raise ValueError("this deployment trusts a JWKS only: tokens come from its identity provider")
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "role": role,
    }
    if scope is not None:
        claims["scope"] = scope
    if sub is not None:
        claims["sub"] = sub
    return jwt.encode(claims, secret, algorithm="HS256")

"""Sign-in: only /health answers without a token; forged, expired, unsigned and wrong-algorithm tokens are
refused with 401 and a WWW-Authenticate header; a county SSO's tokens verify against its JWKS, and a key
rotation there is picked up without a restart."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.conftest import TEST_SECRET
from web.auth import TokenVerifier

QUERY = {"query": "{ county { code } }"}
ROOT = Path(__file__).resolve().parent.parent


def _claims(settings: Settings, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "role": "COUNTY",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _post(client: TestClient, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.post("/graphql", json=QUERY, headers=headers)


def test_only_health_answers_without_a_token(client: TestClient) -> None:
    assert client.get("/health").status_code == 200
    for response in (
        client.post("/graphql", json=QUERY),
        client.get("/graphql", params={"query": "{ county { code } }"}),
        client.post("/graphql", json=QUERY, headers={"Authorization": "Basic dXNlcjpwYXNz"}),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith('Bearer realm="tongguan-grid"')
        assert "data" not in response.json()


def test_a_valid_token_is_let_in(client: TestClient, seeded: Settings) -> None:
    response = _post(client, jwt.encode(_claims(seeded), TEST_SECRET, algorithm="HS256"))
    assert response.status_code == 200
    assert response.json()["data"]["county"]["code"] == "CT01"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("not a JWT", lambda s: "not-a-token"),
        (
            "forged: signed with another secret",
            lambda s: jwt.encode(_claims(s), "someone-else-entirely-with-a-long-secret", algorithm="HS256"),
        ),
        ("expired", lambda s: jwt.encode(_claims(s, exp=int(time.time()) - 3600), TEST_SECRET, algorithm="HS256")),
        ("not valid yet", lambda s: jwt.encode(_claims(s, nbf=int(time.time()) + 3600), TEST_SECRET, "HS256")),
        ("another issuer", lambda s: jwt.encode(_claims(s, iss="evil"), TEST_SECRET, algorithm="HS256")),
        ("another audience", lambda s: jwt.encode(_claims(s, aud="other-api"), TEST_SECRET, algorithm="HS256")),
        ("no expiry", lambda s: jwt.encode(_claims(s, exp=None), TEST_SECRET, algorithm="HS256")),
        ("unsigned (alg none)", lambda s: jwt.encode(_claims(s), None, algorithm="none")),
        ("an algorithm not configured", lambda s: jwt.encode(_claims(s), TEST_SECRET, algorithm="HS512")),
        (
            "RS256 where only HS256 is trusted",
            lambda s: jwt.encode(_claims(s), rsa.generate_private_key(65537, 2048), algorithm="RS256"),
        ),
        ("a role that does not exist", lambda s: jwt.encode(_claims(s, role="ADMIN"), TEST_SECRET, "HS256")),
        ("a grid role naming no grid", lambda s: jwt.encode(_claims(s, role="GRID"), TEST_SECRET, "HS256")),
        ("a grid role naming a community", lambda s: jwt.encode(_claims(s, role="GRID", scope="CM01"), TEST_SECRET)),
        ("a grid role naming nothing", lambda s: jwt.encode(_claims(s, role="GRID", scope="GR99"), TEST_SECRET)),
        ("a member without a person", lambda s: jwt.encode(_claims(s, role="MEMBER"), TEST_SECRET)),
        ("a member who is not one", lambda s: jwt.encode(_claims(s, role="MEMBER", sub="GR01"), TEST_SECRET)),
        ("a resident who lives nowhere", lambda s: jwt.encode(_claims(s, role="RESIDENT", sub="UN001"), TEST_SECRET)),
    ],
)
def test_bad_tokens_are_refused(client: TestClient, seeded: Settings, name: str, make: Any) -> None:
    token = make(seeded)
    response = _post(client, token)
    assert response.status_code == 401, name
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="tongguan-grid", error="invalid_token"'), name
    assert token not in challenge and token not in response.text
    assert "data" not in response.json()


# ---------------------------------------------------------------- a county single sign-on (JWKS)


class _Jwks:
    """An identity provider's key set, served over HTTP like Keycloak's certs endpoint; keys can rotate."""

    def __init__(self) -> None:
        self.keys: dict[str, Any] = {}
        self.fetches = 0
        jwks = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                jwks.fetches += 1
                body = json.dumps({"keys": [jwks.public_jwk(kid) for kid in jwks.keys]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/certs"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, kid: str, algorithm: str) -> None:
        key = rsa.generate_private_key(65537, 2048) if algorithm == "RS256" else ec.generate_private_key(ec.SECP256R1())
        self.keys[kid] = (algorithm, key)

    def public_jwk(self, kid: str) -> dict[str, Any]:
        algorithm, key = self.keys[kid]
        maker = jwt.algorithms.RSAAlgorithm if algorithm == "RS256" else jwt.algorithms.ECAlgorithm
        jwk = maker.to_jwk(key.public_key(), as_dict=True)
        return {**jwk, "kid": kid, "alg": algorithm, "use": "sig"}

    def sign(self, kid: str, claims: dict[str, Any]) -> str:
        algorithm, key = self.keys[kid]
        return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


def _hmac_signed_with_public_key(jwks: _Jwks, kid: str, claims: dict[str, Any]) -> str:
    """A token "signed" HS256 with the SSO's public key as the secret: the algorithm-confusion attack."""
    public_pem = (
        jwks.keys[kid][1]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )

    def part(value: dict[str, Any]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=")

    signing_input = part({"alg": "HS256", "typ": "JWT", "kid": kid}) + b"." + part(claims)
    signature = base64.urlsafe_b64encode(hmac.new(public_pem, signing_input, hashlib.sha256).digest()).rstrip(b"=")
    return (signing_input + b"." + signature).decode()


@pytest.fixture
def sso(seeded: Settings) -> Iterator[tuple[_Jwks, TestClient]]:
    from server import create_app

    jwks = _Jwks()
    jwks.add("k1", "RS256")
    jwks.add("k2", "ES256")
    # No cool-down between fetches of the key set, so that a rotation is seen at the next token.
    settings = seeded.model_copy(
        update={"auth_secret": None, "auth_jwks_url": jwks.url, "auth_jwks_cooldown_seconds": 0}
    )
    try:
        with TestClient(create_app(settings)) as client:
            yield jwks, client
    finally:
        jwks.close()


def test_tokens_from_a_county_sso_verify_against_its_jwks(sso: tuple[_Jwks, TestClient], seeded: Settings) -> None:
    jwks, client = sso
    for kid in ("k1", "k2"):
        assert _post(client, jwks.sign(kid, _claims(seeded))).status_code == 200
    # The deployment trusts the SSO only: its own HS256 tokens, and one made with the SSO's public key
    # as an HMAC secret (the algorithm-confusion trick), are refused.
    assert _post(client, jwt.encode(_claims(seeded), TEST_SECRET, algorithm="HS256")).status_code == 401
    assert _post(client, _hmac_signed_with_public_key(jwks, "k1", _claims(seeded))).status_code == 401
    # A key the SSO never published.
    stranger = _Jwks()
    stranger.add("k1", "RS256")
    try:
        assert _post(client, stranger.sign("k1", _claims(seeded))).status_code == 401
    finally:
        stranger.close()


def test_a_key_rotation_is_picked_up_without_a_restart(sso: tuple[_Jwks, TestClient], seeded: Settings) -> None:
    jwks, client = sso
    assert _post(client, jwks.sign("k1", _claims(seeded))).status_code == 200
    fetched = jwks.fetches
    jwks.add("k3", "RS256")  # the SSO rotates: a new key is published, the old one withdrawn
    old = jwks.sign("k1", _claims(seeded))
    del jwks.keys["k1"]
    assert _post(client, jwks.sign("k3", _claims(seeded))).status_code == 200
    assert jwks.fetches == fetched + 1
    # The set fetched again no longer holds the withdrawn key: tokens signed with it are refused.
    assert _post(client, old).status_code == 401


# ---------------------------------------------------------------- minting tokens for development


def test_the_token_command_prints_a_token_the_service_accepts(client: TestClient, seeded: Settings) -> None:
    env = {**os.environ, "AUTH_SECRET": TEST_SECRET, "NEO4J_URI": seeded.neo4j_uri or ""}
    done = subprocess.run(
        [sys.executable, "-m", "cli", "token", "--role", "GRID", "--scope", "GR03", "--sub", "PS000123"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    token = done.stdout.strip().splitlines()[-1]
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience=seeded.auth_audience)
    assert (claims["role"], claims["scope"], claims["sub"]) == ("GRID", "GR03", "PS000123")
    assert _post(client, token).status_code == 200
    verifier = TokenVerifier(seeded)
    assert verifier.algorithms == ("HS256",)

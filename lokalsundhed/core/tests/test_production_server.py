"""The production stack really serves: granian (WSGI) in production mode, static files by whitenoise."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GRANIAN = Path(sys.executable).with_name("granian")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, encoding: str = "identity") -> tuple[int, dict[str, str], bytes]:
    headers = {"Host": "lokalsundhed.example.dk", "X-Forwarded-Proto": "https", "Accept-Encoding": encoding}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 — loopback only
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


@pytest.mark.skipif(not GRANIAN.exists(), reason="granian is installed with the project")
def test_granian_serves_health_checks_and_compressed_static_files(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "lokalsundhed.example.dk",
        "SITE_URL": "https://lokalsundhed.example.dk",
        "LOKALSUNDHED_VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(GRANIAN), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port), "--workers-kill-timeout", "10",
         "lokalsundhed.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, _, body = _get(f"{base}/healthz")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.1)
        else:
            pytest.fail("granian did not start: " + server.stderr.read1().decode() if server.stderr else "")
        assert status == 200
        assert _get(f"{base}/readyz")[0] == 200
        status, headers, _ = _get(f"{base}/accounts/login/")
        assert status == 200
        assert "max-age=31536000" in headers["strict-transport-security"]
        # Pages name the hashed copy ({% static %} through the manifest), cached for a year, compressed.
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        htmx = manifest["paths"]["vendor/htmx/htmx.min.js"]
        assert htmx != "vendor/htmx/htmx.min.js"
        status, headers, _ = _get(f"{base}/static/{htmx}", encoding="br")
        assert status == 200
        assert "javascript" in headers["content-type"]
        assert "immutable" in headers["cache-control"] and headers["content-encoding"] == "br"
        # Only the hashed copies are kept: an unhashed name is never served stale from a year's cache.
        assert _get(f"{base}/static/vendor/htmx/htmx.min.js")[0] == 404
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)  # a worker that will not stop gracefully is killed after 10 s
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
            raise

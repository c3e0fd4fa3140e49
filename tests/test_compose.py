"""docker-compose.yml: parsed, checked, and each service's command run locally.

Docker cannot run here, so the test takes the compose file at its word: the
Redis command line is started with the local redis-server binary, and the
worker's command with the environment compose would give it.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml

from tests.conftest import ROOT
from timeline.backend.server import find_binary

PASSWORD = "compose-test-pw"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def _interpolate(value: str) -> str:
    """Compose's ${VAR:?message} with the test's password."""
    return re.sub(r"\$\{TIMELINE_REDIS_PASSWORD[^}]*\}", PASSWORD, value)


def test_redis_is_private_persistent_and_checked(compose: dict[str, Any]) -> None:
    redis_svc = compose["services"]["redis"]
    command = [_interpolate(str(a)) for a in redis_svc["command"]]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--requirepass") + 1] == PASSWORD
    assert all(str(p).startswith("127.0.0.1:") for p in redis_svc["ports"])
    assert "healthcheck" in redis_svc and redis_svc["volumes"][0].startswith("redis-data:")
    assert redis_svc["read_only"] is True and redis_svc["user"] != "0"


def test_workers_wait_for_redis_and_run_unprivileged(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]
    assert worker["deploy"]["replicas"] == 2
    assert worker["depends_on"]["redis"]["condition"] == "service_healthy"
    assert worker["command"] == ["worker", "--with-scheduler"]
    assert not str(worker["user"]).startswith("0")
    dashboard = compose["services"]["dashboard"]
    assert dashboard["profiles"] == ["dashboard"]
    assert all(str(p).startswith("127.0.0.1:") for p in dashboard["ports"])
    # rq-dashboard reads our JSON jobs only with its JSON serializer on (its --json).
    assert dashboard["environment"]["RQ_DASHBOARD_JSON"] == "true"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "USER 10001" in dockerfile and 'ENTRYPOINT ["timeline"]' in dockerfile


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_services_run_with_their_compose_commands(
    compose: dict[str, Any], tmp_path: Path, seed_text: str
) -> None:
    binary = find_binary()
    if binary is None:
        pytest.skip("no redis-server/valkey-server binary to run the compose Redis command")
    port = _free_port()
    command = [_interpolate(str(a)) for a in compose["services"]["redis"]["command"]]
    assert command[0] == "redis-server"
    server = subprocess.Popen(
        [binary, *command[1:], "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port, password=PASSWORD)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.02)
        # A password is required, and the append-only file is on.
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=port).ping()
        assert client.config_get("appendonly")["appendonly"] == "yes"

        url = _interpolate(compose["services"]["worker"]["environment"]["TIMELINE_REDIS_URL"])
        url = url.replace("@redis:6379", f"@127.0.0.1:{port}")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
        env["TIMELINE_REDIS_URL"] = url
        article = tmp_path / "seed.txt"
        article.write_text(seed_text)
        timeline = [sys.executable, "-m", "timeline"]
        # A worker registers itself, so ingest hands the projection to the queue.
        command = [str(a) for a in compose["services"]["worker"]["command"]]
        worker = subprocess.Popen([*timeline, *command], env=env, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                if b"rq:workers" in [k[:10] for k in client.keys("rq:workers*")]:
                    break
                time.sleep(0.05)
            ingest = subprocess.run(
                [*timeline, "ingest", str(article), "--published", "2021-08-22", "--wait"],
                env=env, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert ingest.returncode == 0, ingest.stderr
            assert PASSWORD not in ingest.stdout + ingest.stderr
            status = subprocess.run(
                [*timeline, "status"], env=env, capture_output=True, text=True, timeout=60
            )
            assert "lag 0" in status.stdout and "1 live workers" in status.stdout
            assert PASSWORD not in status.stdout and "***" in status.stdout
            _api_serves_and_passes_its_healthcheck(compose, port)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_api_is_private_checked_and_restarted(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert all(str(p).startswith("127.0.0.1:") for p in api["ports"])
    assert "/healthz" in " ".join(api["healthcheck"]["test"])
    assert api["environment"]["TIMELINE_API_TOKEN"].startswith("${TIMELINE_API_TOKEN")
    assert api["restart"] == "unless-stopped" and api["read_only"] is True
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    assert not str(api["user"]).startswith("0")


def _api_serves_and_passes_its_healthcheck(compose: dict[str, Any], redis_port: int) -> None:
    """The api service's command and healthcheck, run here: on 127.0.0.1 and a free port
    instead of the container's 0.0.0.0:8080."""
    api = compose["services"]["api"]
    port = _free_port()
    command = [str(a) for a in api["command"]]
    command[command.index("--host") + 1] = "127.0.0.1"
    command[command.index("--port") + 1] = str(port)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    for key, value in api["environment"].items():
        value = _interpolate(str(value)).replace("@redis:6379", f"@127.0.0.1:{redis_port}")
        env[key] = re.sub(r"\$\{TIMELINE_API_TOKEN[^}]*\}", "compose-token", value)
    env = {k: v for k, v in env.items() if v != "${TIMELINE_CORS_ORIGINS:-}"}
    served = subprocess.Popen([sys.executable, "-m", "timeline", *command], env=env,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        check = [str(a).replace(":8080/", f":{port}/") for a in api["healthcheck"]["test"][1:]]
        assert check[0] == "python"
        for _ in range(300):
            healthy = subprocess.run([sys.executable, *check[1:]], capture_output=True)
            if healthy.returncode == 0:
                break
            time.sleep(0.1)
        assert healthy.returncode == 0, healthy.stderr
        events = subprocess.run(
            [sys.executable, "-c", "import urllib.request as u; print(u.urlopen("
             f"'http://127.0.0.1:{port}/api/timelines/default/events').read().decode())"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert "Panjshir" in events.stdout, events.stderr
    finally:
        served.terminate()
        _, stderr = served.communicate(timeout=30)
    assert PASSWORD not in stderr and "compose-token" not in stderr
    assert "writes need Authorization: Bearer" in stderr

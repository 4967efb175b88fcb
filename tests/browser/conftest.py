"""Servers and browser set-up for the browser tests (offline, Debian's chromium)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import EXAMPLES, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BIN = Path(sys.executable).parent


def run_all(page: Page, lab_url: str, path: str, *, workspace: str | None = None) -> None:
    """Open the notebook at ``path`` (in the served folder) in JupyterLab, in a fresh
    workspace (by default named after the notebook), wait for its kernel and run every cell."""
    name = workspace or Path(path).stem
    page.goto(f"{lab_url}/lab/workspaces/{name}/tree/{path}?reset")
    expect(
        page.locator(".jp-StatusBar-TextItem", has_text="Python 3 (ipykernel) | Idle")
    ).to_be_visible(timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Debian's chromium: apt-get install -y chromium (.ci/run does)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def offline(page):  # type: ignore[no-untyped-def]
    """Abort every request that leaves this machine (reports must work offline)."""
    blocked: list[str] = []

    def route(request_route):  # type: ignore[no-untyped-def]
        url = request_route.request.url
        if url.startswith(("file:", "http://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    return blocked


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(cmd: list[str], probe: Callable[[], object], tmp: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "cfg"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "rt"),
    }
    env.pop("PMTOOLS_INTERACTIVE", None)
    with open(tmp / "server.log", "w") as log:  # the child keeps its own copy of the handle
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        assert proc.poll() is None, (tmp / "server.log").read_text()
        try:
            probe()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise TimeoutError(cmd)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a copy of an example project and notebooks pointed at it."""
    root = tmp_path_factory.mktemp("work")
    project = root / "crm"
    shutil.copytree(EXAMPLES / "crm-rollout", project)
    for name in (
        "schedule",
        "risks",
        "feedback",
        "stakeholders",
        "change",
        "documents",
        "emergency",
    ):
        book = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        first = book["cells"][0]
        source = "".join(first["source"]).replace(
            '"examples/crm-rollout"', json.dumps(str(project))
        )
        first["source"] = source
        (root / f"{name}.ipynb").write_text(json.dumps(book), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def lab_url(tmp_path_factory: pytest.TempPathFactory, workspace: Path) -> Iterator[str]:
    tmp, port = tmp_path_factory.mktemp("lab"), _port()
    settings = tmp / "settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"fetchNews": "false"}')
    proc = _serve(
        [
            f"{BIN}/jupyter-lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--allow-root",
            f"--ServerApp.root_dir={workspace}",
            f"--LabApp.workspaces_dir={tmp}/ws",
            f"--LabApp.user_settings_dir={tmp}/settings",
        ],
        lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status"),
        tmp,
    )
    yield f"http://127.0.0.1:{port}"
    _stop(proc)


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory: pytest.TempPathFactory, workspace: Path) -> Iterator[str]:
    tmp, port = tmp_path_factory.mktemp("voila"), _port()
    proc = _serve(
        [
            f"{BIN}/voila",
            str(workspace / "risks.ipynb"),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={port}",
            "--Voila.port_retries=0",
        ],
        lambda: socket.create_connection(("127.0.0.1", port), 1).close(),
        tmp,
    )
    yield f"http://127.0.0.1:{port}"
    _stop(proc)

"""Shared fixtures: running the real ``whowhom`` console script as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI_TIMEOUT_S = 120

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def whowhom_exe() -> Path:
    """The installed ``whowhom`` console script of the interpreter running the tests."""
    exe = Path(sys.executable).with_name("whowhom")
    if not exe.exists():
        pytest.skip(f"console script not installed next to {sys.executable} (run 'make install')")
    return exe


@pytest.fixture(scope="session")
def cli_env() -> dict[str, str]:
    """A deterministic environment: no inherited terminal width, no colour."""
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES", "FORCE_COLOR"}}
    env["NO_COLOR"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


@pytest.fixture(scope="session")
def run_cli(whowhom_exe: Path, cli_env: dict[str, str]) -> Runner:
    """Run ``whowhom ARGS...`` and return the completed process (text, never raises on failure)."""

    def run(
        *args: str | Path,
        input: str | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        cmd: Sequence[str] = [str(whowhom_exe), *(str(a) for a in args)]
        return subprocess.run(
            cmd,
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd or ROOT,
            env=cli_env,
            timeout=CLI_TIMEOUT_S,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def peer_dir() -> Path:
    """``shared/data/peer`` next to the project (skipped when absent)."""
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "peer"
    if not path.is_dir():
        pytest.skip(f"peer gold files not found at {path}")
    return path

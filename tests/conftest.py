"""Shared fixtures: running the ``whowhom`` CLI in-process (``run_cli``: typer's CliRunner, the
same entry point and error handling as the console script, fast) or as the real console
script in a subprocess (``run_cli_subprocess``: the end-to-end tests)."""

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
def run_cli() -> Runner:
    """Run ``whowhom ARGS...`` in this process, as ``whowhom.cli.main`` would (coded errors
    printed as one line, exit 1), and return it as a completed process."""
    from typer.testing import CliRunner

    from whowhom.cli import app, error_line

    def run(
        *args: str | Path,
        input: str | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        argv = [str(a) for a in args]
        old = Path.cwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            result = CliRunner().invoke(app, argv, input=input, env={"NO_COLOR": "1", "COLUMNS": "200"})
        finally:
            os.chdir(old)
        stderr, code = result.stderr, result.exit_code
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            line = error_line(result.exception)
            if line is None:
                raise result.exception
            stderr, code = stderr + line + "\n", 1
        return subprocess.CompletedProcess(["whowhom", *argv], code, result.stdout, stderr)

    return run


@pytest.fixture(scope="session")
def run_cli_subprocess(whowhom_exe: Path, cli_env: dict[str, str]) -> Runner:
    """Run ``whowhom ARGS...`` as the real console script and return the completed process
    (text, never raises on failure)."""

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

#!/usr/bin/env python3
"""Set-up and everyday commands that need nothing but Python 3.11+.

    python3 dev.py run    # create .venv, install, migrate, load seed content, serve
    python3 dev.py test   # create .venv, install, run the whole test suite

Each command creates the virtual environment and installs the pinned
dependencies on first use (and again whenever pyproject.toml or constraints.txt
changes); constraints.txt pins every transitive dependency too.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed"


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on the system Python
        sys.exit("Milidip needs Python 3.11 or newer.")
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    ).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing the pinned dependencies …", flush=True)
    pip = [
        str(PYTHON),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run(
        [*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[dev]"],
        check=True,
        cwd=ROOT,
    )
    STAMP.write_text(wanted)


def manage(*args: str, env: dict) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], check=True, cwd=ROOT, env=env)


def run(argv: list[str]) -> int:
    address = argv[0] if argv else "127.0.0.1:8000"
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    manage("migrate", "--noinput", env=env)
    manage("load_demo_content", env=env)
    print(f"Milidip is at http://{address}/ (admin at /admin/). Stop with Ctrl+C.")
    try:
        manage("runserver", address, env=env)
    except KeyboardInterrupt:
        pass
    return 0


def test(argv: list[str]) -> int:
    return subprocess.run([str(BIN / "pytest"), *argv], cwd=ROOT).returncode


COMMANDS = {"run": run, "test": test}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    ensure_environment()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())

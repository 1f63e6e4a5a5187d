"""Make ``.venv`` with everything the app (or its tests) needs, on a machine that has only python3.

Debian 12 has no ``python`` command, and its ``pip`` refuses to install into the system
("externally-managed-environment"); without the python3-venv package it has no ensurepip
either. So this script uses nothing but the standard library: it creates ``.venv`` beside
the project, gives it pip (through ensurepip where Python has it, else pip's own wheel
from PyPI, checked against PyPI's published sha256), and installs the pinned
requirements into it. Run again, it only installs what changed.

Usage: ``python3 scripts/bootstrap.py`` (the app) or ``python3 scripts/bootstrap.py --dev``
(the app, the tests and the checkers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
#: The pip used when Python has no ensurepip (a wheel, so it runs without being installed).
PIP_VERSION = "25.3"


def has_pip() -> bool:
    return PYTHON.exists() and subprocess.run(
        [PYTHON, "-m", "pip", "--version"], capture_output=True, check=False
    ).returncode == 0


def create_venv() -> None:
    """A virtual environment with pip, whether or not this Python ships ensurepip."""
    if has_pip():
        return
    print(f"bootstrap: creating {VENV}", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError, SystemExit) as error:
        print(f"bootstrap: no ensurepip here ({error}); fetching pip {PIP_VERSION} from PyPI", flush=True)
        venv.EnvBuilder(with_pip=False, clear=True).create(VENV)
        install_pip_from_pypi()
    if not has_pip():
        sys.exit("bootstrap: could not give .venv a working pip")


def install_pip_from_pypi() -> None:
    with urllib.request.urlopen(f"https://pypi.org/pypi/pip/{PIP_VERSION}/json", timeout=60) as reply:
        release = json.load(reply)
    wheel = next(f for f in release["urls"] if f["packagetype"] == "bdist_wheel")
    with urllib.request.urlopen(wheel["url"], timeout=120) as reply:
        data = reply.read()
    if hashlib.sha256(data).hexdigest() != wheel["digests"]["sha256"]:
        sys.exit("bootstrap: pip's wheel does not match PyPI's sha256; not using it")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / wheel["filename"]
        path.write_bytes(data)
        # A wheel is a zip that Python can run: pip installs itself from its own wheel.
        subprocess.run([PYTHON, str(path / "pip"), "install", "--no-index", str(path)], check=True)


def install(requirements: Path) -> None:
    """pip install -r, skipped when the requirements have not changed since the last run."""
    files = [requirements, *sorted(ROOT.glob("requirements*.txt"))]
    stamp = VENV / f".installed-{requirements.stem}"
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"bootstrap: installing {requirements.name} into .venv", flush=True)
    subprocess.run([PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-r", str(requirements)], check=True)
    stamp.write_text(digest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="also the tests' and checkers' requirements")
    args = parser.parse_args()
    if sys.version_info < (3, 11):
        sys.exit(f"bootstrap: Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    create_venv()
    install(ROOT / ("requirements-dev.txt" if args.dev else "requirements.txt"))


if __name__ == "__main__":
    main()

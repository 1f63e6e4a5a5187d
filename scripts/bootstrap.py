"""Make ``.venv`` with everything the app (or its tests) needs, on a machine that has only python3.

Debian 12 has no ``python`` command, and its ``pip`` refuses to install into the system
("externally-managed-environment"); without the python3-venv package it has no ensurepip
either. So this script uses nothing but the standard library: it creates ``.venv`` beside
the project, gives it pip (through ensurepip where Python has it, else pip's own wheel
from PyPI, checked against PyPI's published sha256), and installs the pinned
requirements into it. Run again, it asks the venv's own Python whether every pin is installed
at its version (~50 ms) and stops there if so; otherwise pip installs what changed.

pip's wheel is found through the index's simple API (PEP 691 JSON or PEP 503 HTML), the one
interface every index and mirror serves; ``PIP_INDEX_URL`` names another index than PyPI.

Usage: ``python3 scripts/bootstrap.py`` (the app) or ``python3 scripts/bootstrap.py --dev``
(the app, the tests and the checkers).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

# Only what a run with .venv ready needs is imported here; making one imports the rest.

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
#: The pip used when Python has no ensurepip (a wheel, so it runs without being installed).
PIP_VERSION = "25.3"
PIP_WHEEL = f"pip-{PIP_VERSION}-py3-none-any.whl"
INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/")


def has_pip() -> bool:
    return (
        PYTHON.exists()
        and subprocess.run([PYTHON, "-m", "pip", "--version"], capture_output=True, check=False).returncode
        == 0
    )


def create_venv() -> None:
    """A virtual environment with pip, whether or not this Python ships ensurepip."""
    import importlib.util
    import venv

    if has_pip():
        return
    print(f"bootstrap: creating {VENV}", flush=True)
    # Debian without python3-venv has no ensurepip module: asking venv for pip there only
    # prints "install python3-venv" before failing, so ask only where ensurepip exists.
    made = False
    if importlib.util.find_spec("ensurepip") is not None:
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
            made = True
        except (subprocess.CalledProcessError, OSError, SystemExit) as error:
            print(f"bootstrap: ensurepip failed ({error})", flush=True)
    if not made:
        print(f"bootstrap: no ensurepip here; fetching pip {PIP_VERSION} from {INDEX}", flush=True)
        venv.EnvBuilder(with_pip=False, clear=True).create(VENV)
        try:
            install_pip_from_index()
        except OSError as error:  # urllib's URLError and HTTPError included
            sys.exit(f"bootstrap: could not fetch pip's wheel from {INDEX}: {error}")
    if not has_pip():
        sys.exit("bootstrap: could not give .venv a working pip")


def pip_wheel_link() -> tuple[str, str]:
    """(url, sha256) of pip's wheel, from the index's simple page for pip."""
    import urllib.parse
    import urllib.request
    from html.parser import HTMLParser

    class _Links(HTMLParser):
        """The href of every <a> in a PEP 503 simple page."""

        def __init__(self) -> None:
            super().__init__()
            self.hrefs: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            href = dict(attrs).get("href")
            if tag == "a" and href:
                self.hrefs.append(href)

    page = urllib.parse.urljoin(INDEX.rstrip("/") + "/", "pip/")
    accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
    with urllib.request.urlopen(
        urllib.request.Request(page, headers={"Accept": accept}), timeout=60
    ) as reply:
        kind = reply.headers.get_content_type()
        body = reply.read().decode()
        base = reply.geturl()
    if kind == "application/vnd.pypi.simple.v1+json":
        for file in json.loads(body)["files"]:
            if file["filename"] == PIP_WHEEL:
                return urllib.parse.urljoin(base, file["url"]), file.get("hashes", {}).get("sha256", "")
    else:
        links = _Links()
        links.feed(body)
        for href in links.hrefs:
            url, _, fragment = urllib.parse.urljoin(base, href).partition("#")
            if urllib.parse.unquote(url.rsplit("/", 1)[-1]) == PIP_WHEEL:
                name, _, value = fragment.partition("=")
                return url, value if name == "sha256" else ""
    sys.exit(f"bootstrap: {page} lists no {PIP_WHEEL}")


def install_pip_from_index() -> None:
    import hashlib
    import tempfile
    import urllib.request

    url, sha256 = pip_wheel_link()
    if not sha256:
        sys.exit(f"bootstrap: the index publishes no sha256 for {PIP_WHEEL}; not using it")
    with urllib.request.urlopen(url, timeout=120) as reply:
        data = reply.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        sys.exit("bootstrap: pip's wheel does not match the index's sha256; not using it")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / PIP_WHEEL
        path.write_bytes(data)
        # A wheel is a zip that Python can run: pip installs itself from its own wheel.
        subprocess.run([PYTHON, str(path / "pip"), "install", "--no-index", str(path)], check=True)


def pins(requirements: Path) -> dict[str, str] | None:
    """name -> version of every ``name==version`` line of a requirements file and the files it
    includes (``-r``); None if any line asks for something else (a range, a URL, an option),
    which only pip can judge."""
    found: dict[str, str] = {}
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(("-r ", "--requirement ")):
            included = pins(requirements.parent / line.split(None, 1)[1])
            if included is None:
                return None
            found.update(included)
            continue
        name, equals, version = line.partition("==")
        if not equals or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name.strip()) or not version.strip():
            return None
        found[name.strip()] = version.strip()
    return found


#: Run by the venv's Python: exits 0 when every pinned distribution is installed at its pin.
_CHECK_PINS = """
import json, sys
from importlib.metadata import PackageNotFoundError, version
def installed(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return None
sys.exit(0 if all(installed(n) == v for n, v in json.loads(sys.argv[1]).items()) else 1)
"""


def satisfied(requirements: Path) -> bool:
    """Does .venv already hold every pin of ``requirements``, exactly? Asked of the venv's
    own Python in one call (~50 ms): no pip, which takes ~0.5 s just to start."""
    wanted = pins(requirements)
    if wanted is None or not PYTHON.exists():
        return False
    check = subprocess.run(
        [PYTHON, "-I", "-c", _CHECK_PINS, json.dumps(wanted)], capture_output=True, check=False
    )
    return check.returncode == 0


def install(requirements: Path) -> None:
    """pip install -r (pip skips what is installed already)."""
    print(f"bootstrap: installing {requirements.name} into .venv", flush=True)
    subprocess.run(
        [PYTHON, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(requirements)],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="also the tests' and checkers' requirements")
    args = parser.parse_args()
    if sys.version_info < (3, 11):  # noqa: UP036 (this script runs on whatever python3 the machine has)
        sys.exit(f"bootstrap: Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    requirements = ROOT / ("requirements-dev.txt" if args.dev else "requirements.txt")
    if satisfied(requirements):
        return  # nothing to do: the usual case, so it must cost next to nothing
    create_venv()
    install(requirements)
    if pins(requirements) is not None and not satisfied(requirements):
        sys.exit(f"bootstrap: .venv still does not match {requirements.name} after pip install")


if __name__ == "__main__":
    main()

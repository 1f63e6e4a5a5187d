"""Offline from the first second: a server started as the README starts it sends nothing out."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from conftest import _free_port

ROOT = Path(__file__).resolve().parent.parent


def test_start_up_does_not_look_up_an_external_ip():
    """With server.headless and no address given, Streamlit asks an internet service for
    its external IP unless browser.serverAddress is set; offline that logs "Did not auto
    detect external IP". The project's config must prevent the lookup."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["PYTHONUNBUFFERED"] = "1"  # each line as it is printed, not when the server exits
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",  # as the README starts it
            "--server.headless",
            "true",
            "--server.port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = _until_welcomed(server, deadline=time.monotonic() + 60)
    finally:
        server.terminate()
        rest, _ = server.communicate(timeout=30)
    output += rest
    assert "External URL" not in output and "external IP" not in output, output


#: Streamlit's welcome, complete: printed once the server listens, after any address lookup.
WELCOME = re.compile(r"You can now view .*\n\n(?:  .*URL: .*\n)+\n")


def _until_welcomed(server: subprocess.Popen, deadline: float) -> str:
    """What the server printed up to the end of its welcome (its URLs): nothing to wait for after."""
    output = ""
    while not WELCOME.search(output):
        left = deadline - time.monotonic()
        if left <= 0 or server.poll() is not None:
            raise AssertionError(f"the server did not start:\n{output}")
        ready, _, _ = select.select([server.stdout], [], [], left)
        if ready:
            output += os.read(server.stdout.fileno(), 65536).decode(errors="replace")
    return output

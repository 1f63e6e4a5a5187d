"""Offline from the first second: a server started as the README starts it sends nothing out."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import _free_port

ROOT = Path(__file__).resolve().parent.parent


def test_start_up_does_not_look_up_an_external_ip():
    """With server.headless and no address given, Streamlit asks an internet service for
    its external IP unless browser.serverAddress is set; offline that logs "Did not auto
    detect external IP". The project's config must prevent the lookup."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not start")
        time.sleep(1.0)  # the welcome message (and any lookup) comes right after start-up
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "External URL" not in output and "external IP" not in output, output

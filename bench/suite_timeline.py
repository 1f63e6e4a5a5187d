"""A pytest plugin for ``bench/bench_suite.py``: when each test starts and ends, per process.

Loaded with ``-p suite_timeline`` (``bench/`` on ``PYTHONPATH``), it appends one JSON line
per test to ``$SUITE_TIMELINE.<process>`` (``gw0``, ``gw1``… under pytest-xdist, ``main``
alone): the test's id and its wall-clock start and end (setup and teardown included, so the
last test of a process also carries the session's teardown). With ``$SUITE_TIMELINE`` unset
it records nothing, nor does pytest-xdist's controller (it hears of every test its processes
run). Wall clock, not a monotonic clock: the processes' lines are compared.
"""

from __future__ import annotations

import json
import os
import time

_started: dict[str, float] = {}
_recording: list[bool] = [True]


def pytest_configure(config) -> None:
    controller = not hasattr(config, "workerinput") and config.getoption("dist", default="no") != "no"
    _recording[0] = not controller


def _append(record: dict) -> None:
    prefix = os.environ.get("SUITE_TIMELINE")
    if prefix and _recording[0]:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(f"{prefix}.{worker}", "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def pytest_runtest_logstart(nodeid: str, location) -> None:
    _started[nodeid] = time.time()


def pytest_runtest_logfinish(nodeid: str, location) -> None:
    start = _started.pop(nodeid, None)
    if start is not None:
        _append({"id": nodeid, "start": start, "end": time.time()})

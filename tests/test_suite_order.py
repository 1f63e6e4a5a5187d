"""The order the suite hands out its files (``conftest.pytest_collection_modifyitems``).

pytest-xdist hands out work in collection order, and the wall time of a run is that of the
process that finishes last: a page-loading file handed out at the end is finished by one
process alone while the other waits. The named long files go first, then any other file that
loads pages (drives a browser or a server), then the short ones, each kept in its own order.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import conftest


def item(name: str, *fixtures: str) -> SimpleNamespace:
    return SimpleNamespace(path=Path("tests") / name, fixturenames=["request", *fixtures])


def test_named_files_first_then_unnamed_browser_files_then_the_rest_each_in_its_order():
    first, second = conftest.LONGEST_FIRST[:2]
    items = [
        item("test_a_unit.py"),
        item("test_a_unit.py"),
        item("test_b_new_browser.py", "app_server", "tab"),
        item("test_b_new_browser.py", "app_server", "tab"),
        item(second),
        item("test_c_unit.py"),
        item("test_d_new_server.py", "fresh_server"),
        item(first, "app_server_process"),
    ]
    conftest.pytest_collection_modifyitems(items)
    assert [i.path.name for i in items] == [
        first,
        second,
        "test_b_new_browser.py",
        "test_b_new_browser.py",
        "test_d_new_server.py",
        "test_a_unit.py",
        "test_a_unit.py",
        "test_c_unit.py",
    ]


def test_a_file_with_one_browser_test_goes_whole_with_the_browser_files():
    items = [item("test_mixed.py"), item("test_unit.py"), item("test_mixed.py", "tab")]
    conftest.pytest_collection_modifyitems(items)
    assert [i.path.name for i in items] == ["test_mixed.py", "test_mixed.py", "test_unit.py"]


def test_a_run_that_only_collects_starts_no_server(monkeypatch):
    """``--collect-only`` runs no test: the shared server launched at the end of collection
    (so that it boots while the first tests run) would be visited and stopped by nobody."""
    launched: list[str] = []
    monkeypatch.setattr(conftest, "launch_server", lambda script: launched.append(script) or (None, ""))
    monkeypatch.setattr(conftest, "_EARLY_APP_SERVER", [])  # pretend launches, forgotten after the test
    wanting = [item("test_browser_file.py", "app_server", "tab")]
    for collect_only in (True, False):
        options = SimpleNamespace(collectonly=collect_only)
        conftest.pytest_collection_finish(
            SimpleNamespace(config=SimpleNamespace(option=options), items=wanting)
        )
    assert launched == [conftest.SERVED_APP]  # the run of tests only

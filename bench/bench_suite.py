"""The test suite's own cost (issue 14, target 4): prints figures, asserts nothing.

    python bench/bench_suite.py [--repeats 1] [-- pytest args...]

On a clean clone of this repository's HEAD (its ``.venv`` linked, as on a fresh checkout),
the README's ``python -m pytest -q`` (or the pytest args given), ``--repeats`` times, each
just after its baseline: the same command with ``--collect-only``, which pytest-xdist runs in
one process: the start-up each process of a run pays (the interpreter, the plugins, and the
collection with its assertion rewriting), once; a run on N processes pays it N times, and its
controller's once more. Per run it prints:

- wall seconds, and the load average before and after (the machine is shared: read wall
  figures with the load beside them);
- CPU-seconds of every process the run started, Chromium and the servers included: from a
  cpuacct cgroup of the run's own where ``/sys/fs/cgroup/cpuacct`` is writable (exact), else
  polled from ``/proc`` every 0.2 s (a lower bound: a process's last slice is missed).
  ``/usr/bin/time`` under-counts such a run (75 of 110 CPU-s, 2026-11-27): Chromium and
  the servers are not the children it waits for;
- the CPU by kind of process (polled: pytest's processes, Chromium's, the servers');
- each pytest process's last test end, and the gap between the first and the last to finish
  (what a better balance of the processes could still win; a gap of a second is balance);
- the longest units as handed out (a whole file, or one test of a file handed out test by
  test: ``tests/conftest.py``'s ONE_BY_ONE).

Only processes this benchmark starts are measured, and each run's clone is deleted after it.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import ONE_BY_ONE  # noqa: E402

CGROUPS = Path("/sys/fs/cgroup/cpuacct")
TICK = os.sysconf("SC_CLK_TCK")


def kind_of(cmdline: str) -> str:
    """What a process of the run is, from its command line."""
    if "chrom" in cmdline:
        for kind in ("renderer", "gpu-process", "utility", "zygote"):
            if f"--type={kind}" in cmdline:
                return f"chromium {kind}"
        return "chromium browser"
    if "streamlit" in cmdline or "serve.py" in cmdline:
        return "app servers"
    if "playwright" in cmdline or cmdline.startswith("node"):
        return "playwright driver"
    if "hostile_files" in cmdline:
        return "pytest (workers' children)"
    if "pytest" in cmdline:
        return "pytest (controller)"
    if "exec(eval(" in cmdline:
        return "pytest (workers)"
    return "other"


class CpuWatch:
    """CPU-seconds of a process and all it starts: a cgroup's exact count where one can be
    made, and a poll of ``/proc`` every 0.2 s for the split by kind of process."""

    def __init__(self, label: str) -> None:
        self.group: Path | None = CGROUPS / f"bench_suite_{os.getpid()}_{label}"
        try:
            self.group.mkdir()
        except OSError:
            self.group = None
        self.root = 0
        self.seen: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._poller = threading.Thread(target=self._poll, daemon=True)

    def join_group(self) -> None:
        """``preexec_fn``: the child enters the cgroup before it runs pytest."""
        if self.group is not None:
            (self.group / "tasks").write_text(str(os.getpid()))

    def start(self, pid: int) -> None:
        self.root = pid
        self._poller.start()

    def _members(self) -> set[int]:
        if self.group is not None:
            with contextlib.suppress(OSError):
                return {int(p) for p in (self.group / "cgroup.procs").read_text().split()}
        parents: dict[int, list[int]] = collections.defaultdict(list)
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError, IndexError):
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    parents[int(fields[1])].append(int(entry))
        tree, todo = set(), [self.root]
        while todo:
            pid = todo.pop()
            tree.add(pid)
            todo.extend(parents.get(pid, ()))
        return tree

    def _poll(self) -> None:
        while not self._stop.wait(0.2):
            for pid in self._members():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                    cpu = (int(fields[11]) + int(fields[12])) / TICK
                    kind = self.seen[pid][0] if pid in self.seen else None
                    if kind is None:
                        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                        kind = kind_of(cmdline.decode(errors="replace"))
                    self.seen[pid] = (kind, cpu)

    def usage(self) -> float | None:
        if self.group is None:
            return None
        return int((self.group / "cpuacct.usage").read_text()) / 1e9

    def by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = collections.Counter()
        for kind, cpu in self.seen.values():
            totals[kind] += cpu
        return dict(totals)

    def stop(self) -> None:
        self._stop.set()
        self._poller.join()
        for _ in range(100):  # empty once every process of the run has ended (10 s at most)
            if self.group is None:
                break
            try:
                self.group.rmdir()
                break
            except OSError:
                time.sleep(0.1)


def run(clone: Path, args: list[str], label: str, timeline: str | None) -> dict:
    """One pytest run in ``clone``: its wall seconds, CPU-seconds, load and outcome line."""
    env = dict(os.environ)
    if timeline:
        env["SUITE_TIMELINE"] = timeline
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "bench"), env.get("PYTHONPATH")]))
        args = [*args, "-p", "suite_timeline"]
    watch = CpuWatch(label)
    before = time.monotonic()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            [str(clone / ".venv" / "bin" / "python"), "-m", "pytest", "-q", *args],
            cwd=clone,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=watch.join_group,
        )
        watch.start(process.pid)
        process.wait()
        wall = time.monotonic() - before
        time.sleep(0.3)  # a last poll of what is still ending
        exact = watch.usage()
        watch.stop()
        output.seek(0)
        lines = [line for line in output.read().splitlines() if line.strip()]
    kinds = watch.by_kind()
    return {
        "wall": wall,
        "cpu": exact if exact is not None else sum(kinds.values()),
        "exact": exact is not None,
        "kinds": kinds,
        "load": (load_before, os.getloadavg()[0]),
        "outcome": lines[-1] if lines else "(no output)",
    }


def units(timeline: str) -> tuple[dict[str, float], list[tuple[float, str, float]]]:
    """Each process's last test end (seconds after the first test's start), and every unit
    as handed out (a file, or a test of a ONE_BY_ONE file) with its start and wall seconds."""
    records: dict[str, list[dict]] = {}
    for path in Path(timeline).parent.glob(Path(timeline).name + ".*"):
        records[path.suffix[1:]] = [json.loads(line) for line in path.read_text().splitlines()]
    if not records:
        return {}, []
    zero = min(r["start"] for rs in records.values() for r in rs)
    ends = {worker: max(r["end"] for r in rs) - zero for worker, rs in records.items() if rs}
    spans: list[tuple[float, str, float]] = []
    for rs in records.values():
        current, start, end = None, 0.0, 0.0
        for r in rs:
            path = r["id"].split("::")[0]
            unit = r["id"] if Path(path).name in ONE_BY_ONE else path
            if unit != current:
                if current is not None:
                    spans.append((start - zero, current, end - start))
                current, start = unit, r["start"]
            end = r["end"]
        if current is not None:
            spans.append((start - zero, current, end - start))
    return ends, spans


def clean_clone(into: Path) -> Path:
    clone = into / "suite"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    return clone


def describe(name: str, figures: dict) -> None:
    cpu = f"{figures['cpu']:6.1f} CPU-s" + ("" if figures["exact"] else " (polled, a lower bound)")
    load = "load {:.1f} -> {:.1f}".format(*figures["load"])
    print(f"{name:10s} {figures['wall']:6.1f} s wall  {cpu}  {load}  {figures['outcome']}")


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):6.1f} (min {min(values):.1f}, max {max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to pytest (default: none)")
    options = parser.parse_args()
    print(f"HEAD of {ROOT}, {os.cpu_count()} CPUs; cgroup CPU count: {os.access(CGROUPS, os.W_OK)}")
    walls: dict[str, list[float]] = collections.defaultdict(list)
    cpus: dict[str, list[float]] = collections.defaultdict(list)
    for repeat in range(options.repeats):
        with tempfile.TemporaryDirectory(prefix="bench_suite_") as folder:
            clone = clean_clone(Path(folder))
            baseline = run(clone, [*options.pytest_args, "--collect-only"], f"baseline{repeat}", None)
            describe("start-up", baseline)
            timeline = str(Path(folder) / "timeline")
            suite = run(clone, options.pytest_args, f"suite{repeat}", timeline)
            describe("suite", suite)
            for kind, cpu in sorted(suite["kinds"].items(), key=lambda kv: -kv[1]):
                print(f"    {cpu:6.1f} CPU-s  {kind}")
            ends, spans = units(timeline)
            if ends:
                finish = ", ".join(f"{worker} {end:.1f} s" for worker, end in sorted(ends.items()))
                gap = max(ends.values()) - min(ends.values())
                print(f"    last test ends: {finish}; the first process idles {gap:.1f} s before the last")
            for start, unit, took in sorted(spans, key=lambda s: -s[2])[:10]:
                print(f"    {took:5.1f} s from {start:5.1f} s  {unit}")
        for name, figures in (("start-up", baseline), ("suite", suite)):
            walls[name].append(figures["wall"])
            cpus[name].append(figures["cpu"])
    if options.repeats > 1:
        for name in ("start-up", "suite"):
            print(f"{name:10s} wall {spread(walls[name])} s; CPU {spread(cpus[name])} CPU-s")


if __name__ == "__main__":
    main()

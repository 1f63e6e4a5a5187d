"""Time and peak memory of decoding each hostile upload, next to an ordinary photo (prints only).

    cd /work/main && .venv/bin/python bench/bench_uploads.py [--repeats 3] [--max-side 1024]
    .venv/bin/python bench/bench_uploads.py --before old_uploads.py --repeats 1   # another version

Each decode runs in a fresh child process (``tests/hostile_files.py``), which reports its
wall time, its CPU time (user + system: what the server pays, and steadier than wall time
on a shared machine) and how far its peak resident memory rose above its baseline after
the imports (``VmHWM``, reset then: ``ru_maxrss`` would report the parent's size, which a
child inherits across fork and exec on Linux). The same-run baseline is an ordinary 1-megapixel baseline
JPEG. Every file gets one warm-up run (discarded), then ``--repeats`` measured runs:
median, min and max. "many files" attaches twelve files (the 7000² RGBA PNG first) to one
session's shelf and reruns the page three times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_files as hf  # noqa: E402

CHILD = ROOT / "tests" / "hostile_files.py"


def measure(path: Path, max_side: int, module: str | None) -> dict:
    command = [sys.executable, str(CHILD), str(path), str(max_side), *([module] if module else [])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    if done.returncode:
        return {"failed": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def spread(values: list[float], fmt: str) -> str:
    return f"{statistics.median(values):{fmt}} [{min(values):{fmt}}–{max(values):{fmt}}]"


def outcome(report: dict) -> str:
    if "failed" in report:
        return f"CRASHED {report['failed']}"
    if "refused" in report:
        return "refused: " + report["refused"].split(": ", 1)[-1][:70]
    if "used" in report:
        return f"{len(report['used'])} used, {report['decodes']} decodes, {report['held_mb']:.1f} MB held"
    return "accepted {}×{}".format(*report["shape"][:2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-side", type=int, default=1024, help="the page's shelf uses 1024")
    parser.add_argument("--before", help="path of another uploads.py to measure instead of lib/uploads.py")
    parser.add_argument("--only", nargs="*", help="names of the files to measure (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = {"baseline: ordinary 1 MP JPEG": Path(folder) / "ordinary.jpg"}
        files["baseline: ordinary 1 MP JPEG"].write_bytes(hf.ordinary_jpeg())
        for name, build in hf.HOSTILE.items():
            if not args.only or name in args.only:
                files[name] = Path(folder) / name
                files[name].write_bytes(build())
        if not args.before and (not args.only or "many" in args.only):
            many = Path(folder) / "many"
            many.mkdir()
            (many / "00_alpha.png").write_bytes(hf.alpha_png())
            for k, data in enumerate(hf.many_photos(11)):
                (many / f"{k + 1:02d}_photo.jpg").write_bytes(data)
            files["many files (12, one shelf, 3 runs)"] = many
        version = args.before or "lib/uploads.py"
        print(
            f"{version}, max_side {args.max_side}, 1 warm-up + {args.repeats} runs, each in a fresh process"
        )
        print(
            f"{'file':36} {'bytes':>10}  {'wall s: median [min–max]':>26}  {'CPU s':>20}  {'extra MB':>20}  outcome"
        )
        for name, path in files.items():
            size = sum(p.stat().st_size for p in path.iterdir()) if path.is_dir() else path.stat().st_size
            measure(path, args.max_side, args.before)  # warm-up: file cache, bytecode
            reports = [measure(path, args.max_side, args.before) for _ in range(args.repeats)]
            good = [r for r in reports if "failed" not in r]
            if not good:
                print(f"{name:36} {size:>10,}  {outcome(reports[0])}")
                continue
            print(
                f"{name:36} {size:>10,}  {spread([r['seconds'] for r in good], '.3f'):>26}  "
                f"{spread([r['cpu_seconds'] for r in good], '.2f'):>20}  "
                f"{spread([r['extra_mb'] for r in good], '.0f'):>20}  {outcome(good[0])}",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""Importing lib limits numpy's BLAS to one thread (a server already runs a thread per visitor)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_importing_lib_leaves_blas_one_thread():
    code = (
        "import lib\n"
        "from threadpoolctl import threadpool_info\n"
        "blas = [i for i in threadpool_info() if i['user_api'] == 'blas']\n"
        "assert blas, 'numpy loaded no BLAS'\n"
        "print(max(i['num_threads'] for i in blas))\n"
    )
    # The environment asks for two threads: the limit must come from lib itself.
    env = {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"

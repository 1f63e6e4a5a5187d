"""The science behind the explainer: plain Python (numpy, mpmath, Pillow), no Streamlit.

The one exception is :mod:`lib.ui`, the shared Streamlit helpers used by every page.

Linear algebra runs on one thread. A Streamlit server already runs one thread per
visitor, on a machine with few cores (Community Cloud gives a fraction of one): when
OpenBLAS also spreads each SVD over every core, the threads fight for them. Measured here
on a busy 2-core machine, an SVD of 1,000×256 took 0.09 s on one thread against 0.9–3 s
on two. threadpoolctl sets the limit in the library numpy has already loaded.
"""

import numpy as _numpy  # noqa: F401  (loaded first, so that its BLAS can be limited)
from threadpoolctl import threadpool_limits as _threadpool_limits

_threadpool_limits(limits=1, user_api="blas")

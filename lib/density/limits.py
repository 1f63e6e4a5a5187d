"""What one view of the learning page may ask a live fit for: patch shapes, training counts
and held-out photos, each either accepted or changed with a sentence saying why.

A link can ask for anything; the server fits only what it can fit in about a second and a
half, so every request goes through these functions before it reaches a fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from lib.density.base import check_shape
from lib.validation import check_whole_number

#: The most training values (patches × D) one view may fit on: every view of the page then
#: fits, scores and samples in about a second and a half on a quiet 2-core machine, and
#: peaks well under 300 MB (bench/bench_learning.py --limits prints the figures). 8×8 grey
#: gets 8,000 patches, 16×16 grey 2,000, 16×16 RGB 666, 32×32 grey 500.
MAX_TRAIN_VALUES = 8_000 * 8 * 8
#: Patches with more values than this are not fitted live: the Gaussian's eigendecomposition
#: of a 3,072 × 3,072 covariance (32×32 RGB) alone takes many seconds on this machine.
MAX_DIMS = 32 * 32


def max_train_patches(size: int, channels: int, limit: int = 20_000) -> int:
    """The most training patches of this shape one view may fit on (at most ``limit``).

    >>> max_train_patches(8, 1), max_train_patches(16, 3), max_train_patches(32, 1)
    (8000, 666, 500)
    """
    size, channels = check_shape(size, channels)
    return min(limit, MAX_TRAIN_VALUES // (size * size * channels))


def fits_live(size: int, channels: int) -> bool:
    """Can patches of this shape be fitted live (at most :data:`MAX_DIMS` values)?

    >>> fits_live(32, 1), fits_live(32, 3)
    (True, False)
    """
    size, channels = check_shape(size, channels)
    return size * size * channels <= MAX_DIMS


def choose_holdout(
    chosen: Sequence[str], asked: Sequence[str], keys: Sequence[str], default: Sequence[str]
) -> tuple[tuple[str, ...], str | None]:
    """The held-out photos to use (in corpus order) and, if the choice was refused, why.

    ``chosen`` is what the widget holds, ``asked`` what the link named (names not in
    ``keys`` are ignored with a message). At least one photo must be held out and one
    kept for training; otherwise ``default`` is used.

    >>> keys = ["a", "b", "c"]
    >>> choose_holdout(["c", "a"], ["c", "a"], keys, ["b"])
    (('a', 'c'), None)
    >>> choose_holdout([], ["zz"], keys, ["b"])[0]
    ('b',)
    """
    message = None
    unknown = [name for name in asked if name and name not in keys]
    if unknown:
        named = ", ".join(u[:40] for u in unknown[:3])
        message = f"The link names photos that are not in the corpus ({named}); they are ignored."
    if not 1 <= len(set(chosen) & set(keys)) <= len(keys) - 1:
        return tuple(default), (
            f"Hold out at least one photo and train on at least one; showing {', '.join(default)}."
        )
    return tuple(k for k in keys if k in chosen), message


def limit_view(
    size: int, channels: int, train: int, limit: int = 20_000, *, asked: bool = True
) -> tuple[int, int, str | None]:
    """The patch side and training count a live fit uses for this request, and why, if changed.

    Patches with more than :data:`MAX_DIMS` values are shown at 16×16 instead; training
    patches beyond :func:`max_train_patches` are capped. Both say so in the message, the
    cap only when the visitor ``asked`` for that count: a link that asks only for a shape
    gets the default count capped quietly (the page states the count it used), not a
    warning about a number it never gave.

    >>> limit_view(8, 1, 4000)
    (8, 4000, None)
    >>> limit_view(32, 3, 20000)[:2]
    (16, 666)
    >>> limit_view(16, 3, 4000, asked=False)
    (16, 666, None)
    """
    size, channels = check_shape(size, channels)
    train = check_whole_number(train, "training patches", 1)
    colour = "grey" if channels == 1 else "RGB"
    notes = []
    if not fits_live(size, channels):
        notes.append(
            f"{size}×{size} {colour} patches ({size * size * channels:,} values each) are too many to fit "
            f"while you wait; showing 16×16 {colour}."
        )
        size = 16
    cap = max_train_patches(size, channels, limit)
    if train > cap and asked:
        notes.append(
            f"At most {cap:,} training patches of {size}×{size} {colour} are fitted live (each view "
            f"fits in about a second); using {cap:,}."
        )
    return size, min(train, cap), " ".join(notes) or None

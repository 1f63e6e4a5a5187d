"""Small pictures for the upload tests (test_uploads, test_rgb_strips), encoded in memory."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def encode(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    """The file ``image`` would be saved as, in ``fmt``."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def smooth_photo() -> np.ndarray:
    """64 × 48 RGB like a photo: smooth gradients in each channel and a little seeded noise."""
    rng = np.random.default_rng(0)
    base = np.add.outer(np.arange(48), np.arange(64)).astype(np.float64)
    rgb = np.stack([base * 2, 255 - base * 2, base], axis=2) + rng.normal(0, 3, (48, 64, 3))
    return np.clip(rgb, 0, 255).astype(np.uint8)

"""Test and benchmark fixtures that are not part of the app."""

from __future__ import annotations

import re

import numpy as np

from lib.validation import check_whole_number


def synthetic_photo(height: int = 256, width: int = 256, seed: int = 0) -> np.ndarray:
    """A deterministic natural-looking RGB image (uint8, H×W×3) for tests and benchmarks.

    A 'dead leaves' picture (overlapping discs whose sizes follow a power law, the
    classic model of occlusion in natural scenes: flat regions, sharp edges, a roughly
    1/f spectrum) with a smooth gradient for lighting, 1/f texture and a little sensor
    noise. Not a photo: the page should prefer the shipped photos.
    """
    height = check_whole_number(height, "height", 8, 4096)
    width = check_whole_number(width, "width", 8, 4096)
    seed = check_whole_number(seed, "seed", 0, 2**63 - 1)
    rng = np.random.default_rng(seed)
    img = np.empty((height, width, 3))
    img[:] = rng.uniform(60, 200, size=3)  # whatever no disc reaches
    yy, xx = np.mgrid[0:height, 0:width]
    r_min, r_max = 2.5, max(height, width) / 4
    # radii with density ∝ r^-3 on [r_min, r_max]: the scale-invariant dead-leaves law
    inv_min, inv_max = r_min**-2, r_max**-2
    free = np.ones((height, width), dtype=bool)  # not yet hidden by a nearer disc
    for disc_index in range(20000):  # nearest disc first, each painted only where still free
        radius = (inv_min - rng.random() * (inv_min - inv_max)) ** -0.5
        cy, cx = rng.uniform(-radius, height + radius), rng.uniform(-radius, width + radius)
        colour = rng.uniform(20, 235) * (0.75 + 0.25 * rng.random(3))
        y0, y1 = max(int(cy - radius), 0), min(int(cy + radius) + 1, height)
        x0, x1 = max(int(cx - radius), 0), min(int(cx + radius) + 1, width)
        if y0 >= y1 or x0 >= x1:
            continue
        paint = ((yy[y0:y1, x0:x1] - cy) ** 2 + (xx[y0:y1, x0:x1] - cx) ** 2 <= radius**2) & free[
            y0:y1, x0:x1
        ]
        img[y0:y1, x0:x1][paint] = colour
        free[y0:y1, x0:x1] &= ~paint
        if disc_index % 256 == 255 and not free.any():
            break
    fy = np.fft.fftfreq(height)[:, None]
    fx = np.fft.fftfreq(width)[None, :]
    radial = np.sqrt(fx**2 + fy**2)
    radial[0, 0] = 1.0
    spectrum = (rng.standard_normal((height, width)) + 1j * rng.standard_normal((height, width))) / radial
    spectrum[0, 0] = 0
    texture = np.real(np.fft.ifft2(spectrum))
    texture *= 12.0 / (texture.std() + 1e-12)
    light = 25.0 * (yy / height - 0.5) + 15.0 * (xx / width - 0.5)
    img += (texture + light)[..., None] + rng.normal(0, 1.5, size=img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def pngs_in(body: str) -> list[np.ndarray]:
    """Every PNG written into a block of HTML as a data URI, decoded."""
    import base64
    import io
    import re

    from PIL import Image

    found = re.findall(r'src="data:image/png;base64,([^"]+)"', body)
    return [np.asarray(Image.open(io.BytesIO(base64.b64decode(data)))) for data in found]


#: The app's own pictures written into its HTML, the only images a page may hold: inline PNGs
#: (:func:`lib.ui.pixel_figures_html`, :func:`lib.ui.pixel_rows_html`, the talk's noise and
#: photo, whose height follows their width), and the lines of the charts drawn as HTML
#: (:func:`lib.charts.plot_lines.lines_image`: an SVG percent-encoded into a data URI, so no
#: quote, angle bracket or attribute of a visitor's can ride in it).
OWN_PICTURE = re.compile(
    r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="[^"<>]*" width="\d+"(?: height="\d+")?>'
    r'|<img class="plot-lines" alt="" src="data:image/svg\+xml,[A-Za-z0-9%_.~ =:/,\'-]+">'
)

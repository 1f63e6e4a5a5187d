"""The bundled photographs: their credits, their pixels, and any square of them resized.

The corpus is a handful of CC0 / public-domain photographs in ``assets/photos`` (see its
``manifest.json`` for credits). Everything here returns plain ``numpy.uint8`` arrays:
``H×W`` for grey, ``H×W×3`` for RGB. A visitor's upload joins the pool as a :class:`Photo`
without a credit (:func:`make_photo`).

What is drawn from the corpus lives in modules of one idea each, which build on this one and
which callers import themselves:

- :mod:`lib.real_samples`: seeded random crops and whole photos, and where each came from
  (:func:`~lib.real_samples.random_crops`, :func:`~lib.real_samples.whole_photos`,
  :class:`~lib.real_samples.Sample`, :class:`~lib.real_samples.Origin`);
- :mod:`lib.photo_scenes`: which photos read as scenes in a thumbnail
  (:func:`~lib.photo_scenes.reads_as_scene`, :func:`~lib.photo_scenes.scene_photos`);
- :mod:`lib.sample_pairs`: a view's noise and real images, drawn only as far as they are shown
  or measured (:func:`~lib.sample_pairs.sample_pair`).

The modules this one builds on are re-exported here for the pages, which show the corpus
with them: :mod:`lib.photo_picks` (the one image a page shows at 1:1:
:func:`largest_photo_corner`, :func:`most_contrasted`), :mod:`lib.luma` (:func:`to_grey`),
:mod:`lib.uniform_noise` (the noise beside the photos: :func:`uniform_noise`,
:func:`uniform_noise_image`, :func:`uniform_noise_window`) and :mod:`lib.pixel_sheets` (how the
pictures are shown: :func:`screen_sheet`, ...).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from lib.luma import to_grey as to_grey
from lib.photo_memo import kept
from lib.photo_picks import largest_photo_corner as largest_photo_corner
from lib.photo_picks import most_contrasted as most_contrasted

# The corpus's pictures are shown with these: re-exported for the pages.
from lib.pixel_sheets import MAX_OUTPUT_BYTES as MAX_OUTPUT_BYTES
from lib.pixel_sheets import MAX_SHEET_PIXELS as MAX_SHEET_PIXELS
from lib.pixel_sheets import ScreenSheet as ScreenSheet
from lib.pixel_sheets import check_budget as check_budget
from lib.pixel_sheets import contact_sheet as contact_sheet
from lib.pixel_sheets import encode_png as encode_png
from lib.pixel_sheets import screen_sheet as screen_sheet
from lib.pixel_sheets import sheet_capacity as sheet_capacity
from lib.pixel_sheets import upscale as upscale
from lib.uniform_noise import uniform_noise as uniform_noise
from lib.uniform_noise import uniform_noise_image as uniform_noise_image
from lib.uniform_noise import uniform_noise_window as uniform_noise_window
from lib.validation import check_uint8_image, check_whole_number

#: Where the bundled photographs live.
PHOTO_DIR = Path(__file__).resolve().parent.parent / "assets" / "photos"


@dataclass(frozen=True)
class Credit:
    """Where one bundled photograph comes from, as the page's credits show it."""

    key: str
    file: str
    title: str
    author: str
    source: str
    licence: str
    licence_statement: str
    url: str
    width: int
    height: int
    mode: str  # "RGB" or "greyscale"
    processing: str = ""


@dataclass(frozen=True, eq=False)
class Photo:
    """One real image of the pool: its pixels (``H×W×3`` uint8, read-only) and its credit.

    A visitor's upload is a Photo with ``credit=None``.
    """

    name: str
    pixels: np.ndarray = field(repr=False)
    credit: Credit | None = None

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])


# -- the corpus -----------------------------------------------------------------------------
def load_manifest(folder: Path | str = PHOTO_DIR) -> list[Credit]:
    """The credits of the bundled photographs, in manifest order."""
    path = Path(folder) / "manifest.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ValueError(f"no photo manifest at {path}") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"the photo manifest {path} is not valid JSON: {error}") from error
    names = {f.name for f in Credit.__dataclass_fields__.values()}
    try:
        return [Credit(**{k: v for k, v in entry.items() if k in names}) for entry in raw["photos"]]
    except (KeyError, TypeError) as error:
        raise ValueError(f"the photo manifest {path} is missing a field: {error}") from error


def load_corpus(folder: Path | str = PHOTO_DIR) -> list[Photo]:
    """Every bundled photograph as a :class:`Photo` (RGB; grey photos have R = G = B).

    Takes ~30 ms: the page should cache it. Raises ValueError if a file is missing or its
    size disagrees with the manifest.
    """
    folder = Path(folder)
    photos = []
    for credit in load_manifest(folder):
        path = folder / credit.file
        try:
            with Image.open(path) as image:
                pixels = np.asarray(image.convert("RGB"))
        except (OSError, SyntaxError) as error:
            raise ValueError(f"cannot read bundled photo {path}: {error}") from error
        if pixels.shape[:2] != (credit.height, credit.width):
            raise ValueError(
                f"{path} is {pixels.shape[1]}×{pixels.shape[0]}, the manifest "
                f"says {credit.width}×{credit.height}"
            )
        photos.append(make_photo(credit.title, pixels, credit))
    return photos


def make_photo(name: str, pixels: np.ndarray, credit: Credit | None = None) -> Photo:
    """Wrap an ``H×W×3`` (or ``H×W`` grey) uint8 array as a pool member, e.g. an upload.

    The pixels are copied and made read-only, so a photo of the pool never changes under the
    answers kept for it (:mod:`lib.photo_memo`).

    Examples
    --------
    >>> photo = make_photo("your photo", np.zeros((20, 30), np.uint8))
    >>> photo.width, photo.height, photo.pixels.shape, photo.pixels.flags.writeable
    (30, 20, (20, 30, 3), False)
    """
    pixels = check_uint8_image(pixels, "pixels")
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[:, :, None], 3, axis=2)
    pixels = np.array(pixels, dtype=np.uint8, copy=True)
    pixels.flags.writeable = False
    return Photo(name, pixels, credit)


# -- any square of a photo, resized -----------------------------------------------------
def resize_photo(image: np.ndarray, size: int) -> np.ndarray:
    """The largest centred square of a photo, resized to ``size×size`` with Lanczos.

    Meant for photographs (smooth resampling is right for them); never use it on noise.

    Examples
    --------
    >>> resize_photo(np.zeros((30, 40, 3), np.uint8), 8).shape
    (8, 8, 3)
    """
    image = check_uint8_image(image, "image")
    size = check_whole_number(size, "size", 1)
    h, w = image.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = Image.fromarray(np.ascontiguousarray(image[top : top + side, left : left + side]))
    if side != size:
        square = square.resize((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return np.asarray(square)


#: A square of a photo: (top, left, side); None for its largest centred square.
Box = tuple[int, int, int] | None


def resized_once(image: np.ndarray, size: int, box: Box = None) -> np.ndarray:
    """:func:`resize_photo` of a photo, or of its ``box``, resampled once for a read-only photo.

    A new seed only reorders the same shipped photos, so each is resampled once per side and
    square instead of on every draw (:func:`lib.photo_memo.kept`, shared, read-only); a
    visitor's writeable photo could change, and is resized every time.

    Examples
    --------
    >>> photo = load_corpus()[0].pixels
    >>> first = resized_once(photo, 16)
    >>> resized_once(photo, 16) is first, np.array_equal(first, resize_photo(photo, 16))
    (True, True)
    >>> np.array_equal(resized_once(photo, 16, (8, 4, 64)), resize_photo(photo[8:72, 4:68], 16))
    True
    """
    source = image if box is None else image[box[0] : box[0] + box[2], box[1] : box[1] + box[2]]
    return kept(image, ("resized", size, box), lambda: resize_photo(source, size))

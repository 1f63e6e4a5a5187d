"""Real photographs and uniform noise, drawn side by side from one seed.

The corpus is a handful of CC0 / public-domain photographs in ``assets/photos`` (see its
``manifest.json`` for credits). Everything here returns plain ``numpy.uint8`` arrays:
``H×W`` for grey, ``H×W×3`` for RGB. Randomness always comes from a seed, and each use
has its own stream, so the same seed gives the same noise *and* the same crops, and
asking for more images keeps the first ones unchanged.

The noise itself is drawn in :mod:`lib.uniform_noise` and re-exported here
(:func:`uniform_noise`, :func:`uniform_noise_image`, :func:`uniform_noise_window`).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

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
from lib.uniform_noise import channel_count, stream_seed
from lib.uniform_noise import uniform_noise as uniform_noise
from lib.uniform_noise import uniform_noise_image as uniform_noise_image
from lib.uniform_noise import uniform_noise_window as uniform_noise_window
from lib.validation import check_uint8_image, check_whole_number

#: Where the bundled photographs live.
PHOTO_DIR = Path(__file__).resolve().parent.parent / "assets" / "photos"

# Independent random streams derived from one seed (first word of the SeedSequence entropy;
# the noise's own is lib.uniform_noise.NOISE_STREAM).
_CROP_STREAM = 0x63726F70  # "crop"
_WHOLE_STREAM = 0x77686F6C  # "whol"
_CLOSER_STREAM = 0x636C6F73  # "clos"

#: A shipped photo reads as a scene in a thumbnail when its neighbouring pixels correlate at
#: least this much once resized whole to :data:`SCENE_TEST_SIDE` (the page's default side).
#: Measured there: the scenes 0.81 (astronaut) to 0.95 (clock); the grass, gravel and brick
#: textures 0.09 to 0.25 and the Hubble deep field's scattered stars 0.26, which a reader takes
#: for noise (review 11); uniform noise 0.00. The cut sits in the wide gap between them.
SCENE_CORRELATION = 0.5
SCENE_TEST_SIDE = 32


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


@dataclass(frozen=True)
class Origin:
    """Where one real sample came from: photo ``index`` of the pool, and which part.

    A crop is the ``side×side`` square whose top-left pixel is ``(top, left)``; a whole
    photo (``whole=True``) is its largest centred square, resized to ``side×side``.
    """

    index: int
    name: str
    top: int
    left: int
    side: int
    whole: bool = False
    credit: Credit | None = None
    closer: int = 0  # a closer look: the side of the square taken from the photo, resized to ``side``

    def __str__(self) -> str:
        if self.whole:
            return f"{self.name}, whole photo resized to {self.side}×{self.side}"
        if self.closer:
            return (
                f"{self.name}, closer: its {self.closer}×{self.closer} square at row {self.top}, "
                f"column {self.left}, resized to {self.side}×{self.side}"
            )
        return f"{self.name}, {self.side}×{self.side} crop at row {self.top}, column {self.left}"


@dataclass(frozen=True, eq=False)
class Sample:
    """A batch of same-shaped real images and, for each, where it came from.

    ``images`` is ``(n, s, s)`` for grey or ``(n, s, s, 3)`` for RGB.
    """

    images: np.ndarray = field(repr=False)
    origins: tuple[Origin, ...]


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
    """Wrap an ``H×W×3`` (or ``H×W`` grey) uint8 array as a pool member, e.g. an upload."""
    pixels = check_uint8_image(pixels, "pixels")
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[:, :, None], 3, axis=2)
    pixels = np.array(pixels, dtype=np.uint8, copy=True)
    pixels.flags.writeable = False
    return Photo(name, pixels, credit)


# -- colour ---------------------------------------------------------------------------------
def to_grey(image: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma, exactly as Pillow's ``convert("L")``; a grey input is returned as is.

    Works on one image (``H×W×3``) or a stack (``…×H×W×3``); ``R = G = B = v`` gives ``v``.
    """
    image = np.asarray(image)
    if image.dtype != np.uint8:
        raise ValueError(f"to_grey needs uint8 pixels, got {image.dtype}")
    if image.ndim >= 3 and image.shape[-1] == 3:
        rgb = image.astype(np.uint32)
        luma = (rgb[..., 0] * 19595 + rgb[..., 1] * 38470 + rgb[..., 2] * 7471 + 0x8000) >> 16
        return luma.astype(np.uint8)
    if image.ndim >= 2:
        return image.copy()
    raise ValueError(f"not an image: shape {image.shape}")


# -- real samples ---------------------------------------------------------------------------
def _pool_arrays(
    pool: Sequence[Photo] | Sequence[np.ndarray],
) -> list[tuple[int, str, np.ndarray, Credit | None]]:
    """(index, name, H×W×3 pixels, credit) for each member of the pool."""
    if len(pool) == 0:
        raise ValueError("the pool of real images is empty")
    arrays = []
    for i, item in enumerate(pool):
        if isinstance(item, Photo):
            arrays.append((i, item.name, item.pixels, item.credit))
        else:
            image = check_uint8_image(item, f"pool image {i}")
            if image.ndim == 2:
                image = np.repeat(image[:, :, None], 3, axis=2)
            arrays.append((i, f"image {i + 1}", image, None))
    return arrays


def random_crops(
    pool: Sequence[Photo] | Sequence[np.ndarray], size: int, count: int, seed: int, *, grey: bool = False
) -> Sample:
    """``count`` random ``size×size`` crops of the pool's photos, deterministic in ``seed``.

    Each crop picks a photo uniformly among those at least ``size`` pixels on both sides,
    then a uniformly random position inside it. Photos too small for ``size`` are skipped;
    if none is large enough a ValueError says how large the largest one is. A larger
    ``count`` keeps the first crops unchanged.
    """
    size = check_whole_number(size, "size", 1)
    count = check_whole_number(count, "count", 1)
    check_budget(count * size * size * channel_count(grey), "these crops")
    members = _pool_arrays(pool)
    candidates = [m for m in members if min(m[2].shape[:2]) >= size]
    if not candidates:
        largest = max(min(m[2].shape[:2]) for m in members)
        raise ValueError(
            f"no photo in the pool is {size}×{size} or larger (the largest "
            f"square fits {largest}×{largest}); choose a smaller size or "
            "whole photos resized"
        )
    rng = np.random.Generator(np.random.PCG64(stream_seed(seed, _CROP_STREAM)))
    u = rng.random((count, 3))  # C order: row i is crop i, whatever the count
    out = np.empty((count, size, size, 3), dtype=np.uint8)
    origins = []
    for i, (a, b, c) in enumerate(u):
        index, name, pixels, credit = candidates[int(a * len(candidates))]
        top = int(b * (pixels.shape[0] - size + 1))
        left = int(c * (pixels.shape[1] - size + 1))
        out[i] = pixels[top : top + size, left : left + size]
        origins.append(Origin(index, name, top, left, size, False, credit))
    return Sample(to_grey(out) if grey else out, tuple(origins))


def reads_as_scene(photo: Photo) -> bool:
    """Whether a photo reads as a scene in a thumbnail, not as noise (:data:`SCENE_CORRELATION`).

    A visitor's own photo (no credit) always counts: it is what they came to compare. A shipped
    one is judged by its neighbour correlation once resized whole to :data:`SCENE_TEST_SIDE`
    (that resize is kept, as the page's default grid uses it).

    >>> [p.credit.key for p in load_corpus() if not reads_as_scene(p)]
    ['hubble_deep_field', 'grass', 'gravel', 'brick']
    """
    from lib.statistics.correlation import neighbour_correlations

    if photo.credit is None:
        return True
    key = id(photo.pixels)
    with _RESIZED_LOCK:
        if key in _JUDGED and _JUDGED[key][0] is photo.pixels and not photo.pixels.flags.writeable:
            return _JUDGED[key][1]
    thumbnail = _resized_once(photo.pixels, SCENE_TEST_SIDE)
    horizontal, vertical = neighbour_correlations(thumbnail.transpose(2, 0, 1)[None])  # (1, 3, H, W)
    scene = bool((horizontal[0] + vertical[0]) / 2 >= SCENE_CORRELATION)
    with _RESIZED_LOCK:
        _JUDGED[key] = (photo.pixels, scene)  # keeps the array alive: its id is not reused meanwhile
        while len(_JUDGED) > 256:
            _JUDGED.popitem(last=False)
    return scene


def scene_photos(pool: Sequence[Photo]) -> list[Photo]:
    """The photos of ``pool`` that read as scenes in a thumbnail (:func:`reads_as_scene`), or the
    whole pool when none does (a pool of textures still has something to show)."""
    return [p for p in pool if reads_as_scene(p)] or list(pool)


#: Read-only photos (the shipped ones) already resized, by (the photo's array, side): a new
#: seed only reorders the same resized photos, so each is resampled once per side instead
#: of on every draw (Lanczos is milliseconds a photo). The entry keeps its photo's array
#: alive, so the array's id cannot be reused for another photo while the entry exists; a
#: writeable array (a visitor's) could change, and is resized every time.
_Box = tuple[int, int, int] | None  # (top, left, side) of a square of the photo; None: its centred square
_RESIZED: OrderedDict[tuple[int, int, _Box], tuple[np.ndarray, np.ndarray]] = OrderedDict()
_RESIZED_BYTES_KEPT = 32 * 2**20
_RESIZED_LOCK = threading.Lock()
#: :func:`reads_as_scene`'s answers for read-only photos, by the photo's array (as above).
_JUDGED: OrderedDict[int, tuple[np.ndarray, bool]] = OrderedDict()


def _resized_once(image: np.ndarray, size: int, box: _Box = None) -> np.ndarray:
    """:func:`resize_photo` of a read-only photo, or of its ``box`` (top, left, side: a square
    of it), kept for the last 32 MB of results (shared).

    >>> photo = load_corpus()[0].pixels
    >>> first = _resized_once(photo, 16)
    >>> _resized_once(photo, 16) is first, np.array_equal(first, resize_photo(photo, 16))
    (True, True)
    >>> np.array_equal(_resized_once(photo, 16, (8, 4, 64)), resize_photo(photo[8:72, 4:68], 16))
    True
    """
    source = image if box is None else image[box[0] : box[0] + box[2], box[1] : box[1] + box[2]]
    if image.flags.writeable:
        return resize_photo(source, size)
    key = (id(image), size, box)
    with _RESIZED_LOCK:
        if key in _RESIZED and _RESIZED[key][0] is image:
            _RESIZED.move_to_end(key)
            return _RESIZED[key][1]
    resized = resize_photo(source, size)
    resized.flags.writeable = False
    with _RESIZED_LOCK:
        _RESIZED[key] = (image, resized)
        while sum(r.nbytes for _, r in _RESIZED.values()) > _RESIZED_BYTES_KEPT and len(_RESIZED) > 1:
            _RESIZED.popitem(last=False)
    return resized


def resize_photo(image: np.ndarray, size: int) -> np.ndarray:
    """The largest centred square of a photo, resized to ``size×size`` with Lanczos.

    Meant for photographs (smooth resampling is right for them); never use it on noise.
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


def whole_photos(
    pool: Sequence[Photo] | Sequence[np.ndarray], size: int, count: int, seed: int, *, grey: bool = False
) -> Sample:
    """``count`` photos of the pool's scenes resized to ``size×size``: first each scene whole
    (its largest centred square), in a seeded order; then each one closer (the centred square
    half its short side), in the same order; then seeded closer looks elsewhere in them (half
    the short side, anywhere), as many as asked.

    Only scenes (:func:`scene_photos`): a texture or a star field resized to 32×32 reads as
    noise, and the grid beside the noise must read as photographs (review 11: grass, gravel
    and the Hubble deep field made three of the first nine look like static); they stay among
    the random crops. Closer looks rather than repeats: the corpus has fewer scenes than a grid
    has cells (6 for the default 9), and the same photo twice looks like a bug. A larger
    ``count`` keeps the first images unchanged.
    """
    size = check_whole_number(size, "size", 1)
    count = check_whole_number(count, "count", 1)
    check_budget(count * size * size * channel_count(grey), "these photos")
    arrays = _pool_arrays(pool)
    scenes = [m for m in arrays if m[3] is None or reads_as_scene(Photo(m[1], m[2], m[3]))] or arrays
    rng = np.random.Generator(np.random.PCG64(stream_seed(seed, _WHOLE_STREAM)))
    order = [scenes[int(k)] for k in rng.permutation(len(scenes))]
    farther = max(0, count - 2 * len(order))  # the closer looks placed by the seed
    places = np.random.Generator(np.random.PCG64(stream_seed(seed, _CLOSER_STREAM))).random((farther, 3))
    out = np.empty((count, size, size, 3), dtype=np.uint8)
    origins = []
    for i in range(count):
        index, name, pixels, credit = order[i % len(order)] if i < 2 * len(order) else order[0]
        h, w = pixels.shape[:2]
        short = min(h, w)
        if i < len(order):  # the scene whole
            out[i] = _resized_once(pixels, size)
            origins.append(Origin(index, name, (h - short) // 2, (w - short) // 2, size, True, credit))
            continue
        side = max(1, short // 2)
        if i < 2 * len(order):  # the scene's centre, closer
            top, left = (h - side) // 2, (w - side) // 2
        else:
            a, b, c = places[i - 2 * len(order)]
            index, name, pixels, credit = order[int(a * len(order))]
            h, w = pixels.shape[:2]
            side = max(1, min(h, w) // 2)
            top, left = int(b * (h - side + 1)), int(c * (w - side + 1))
        out[i] = _resized_once(pixels, size, (top, left, side))
        origins.append(Origin(index, name, top, left, size, False, credit, side))
    return Sample(to_grey(out) if grey else out, tuple(origins))


def largest_photo_corner(pool: Sequence[Photo], side: int, *, grey: bool = False) -> np.ndarray:
    """The top-left ``side×side`` pixels of the pool's largest photo, at 1:1 (RGB or grey).

    >>> largest_photo_corner(load_corpus(), 4, grey=True).shape
    (4, 4)
    """
    if not pool:
        raise ValueError("the pool of real images is empty")
    side = check_whole_number(side, "side", 1)
    photo = max(pool, key=lambda p: p.width * p.height).pixels[:side, :side]
    return to_grey(photo) if grey else np.ascontiguousarray(photo)


def most_contrasted(images: np.ndarray, side: int | None = None) -> np.ndarray:
    """The image of a batch whose pixels vary most (largest standard deviation), or its
    central ``side×side`` square when it is larger.

    >>> most_contrasted(np.stack([np.zeros((2, 2), np.uint8), np.eye(2, dtype=np.uint8) * 9]))[0, 0]
    np.uint8(9)
    >>> most_contrasted(np.zeros((1, 100, 80), np.uint8), side=64).shape
    (64, 64)
    """
    stack = np.asarray(images)
    image = stack[int(np.argmax(stack.reshape(len(stack), -1).std(axis=1)))]
    if side is None:
        return image
    top, left = max(0, (image.shape[0] - side) // 2), max(0, (image.shape[1] - side) // 2)
    return np.ascontiguousarray(image[top : top + side, left : left + side])


@dataclass(frozen=True, eq=False)
class SamplePair:
    """Noise and real images for one view: only as many as the screen and the statistics use.

    ``noise`` and ``real`` hold the first ``len(noise)`` of the ``count`` images asked for
    (every sampler here keeps the first images when more are asked, so they are the same
    pixels); the statistics use the first ``measured`` of them.
    """

    noise: np.ndarray = field(repr=False)
    real: Sample
    count: int
    measured: int


#: The statistics of one view read at most this many bytes of each batch.
STATISTICS_BYTES = 2 * 2**20


def sample_pair(
    pool: Sequence[Photo], count: int, size: int, seed: int, *, grey: bool = False, whole: bool = False
) -> SamplePair:
    """The view's noise and real samples, drawn only as far as they will be shown or measured.

    >>> pair = sample_pair(load_corpus(), 64, 512, 0)
    >>> pair.count, len(pair.noise), pair.measured
    (64, 2, 2)
    """
    count, size = check_whole_number(count, "count", 1), check_whole_number(size, "size", 1)
    measured = max(1, min(count, STATISTICS_BYTES // (size * size * channel_count(grey))))
    take = max(measured, sheet_capacity(count, size), 1)
    pick = whole_photos if whole else random_crops
    return SamplePair(
        uniform_noise(take, size, seed, grey=grey), pick(pool, size, take, seed, grey=grey), count, measured
    )

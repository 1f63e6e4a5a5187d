"""What an image file's bytes can hold against what its header claims, and what decoding costs.

A header is a promise that costs a few bytes to write: "7000 × 7000 RGBA" takes 8 bytes
of a PNG and 196 MB to honour. A decoder that trusts it allocates the full image and,
when the data runs out, pads it silently (Pillow does so for PNG, libjpeg for JPEG). These
checks read a file's *structure* (PNG chunks, JPEG markers), never decoding a pixel, so an
upload is measured before anything is allocated for it:

- :func:`png_rows_held`: a PNG's image data inflated 4 MB at a time, counted and thrown
  away, against the scanline bytes its header requires.
- :func:`jpeg_layout`: a JPEG's frame, scans and entropy-coded bytes. A Huffman code is at
  least one bit long, so each 8×8 block of a sequential scan costs at least two bits (its
  DC code and an end-of-block code) and each block of a progressive DC scan at least one:
  a file with fewer coded bytes than that cannot fill the image its header claims.
- :func:`decode_bytes`: the memory Pillow needs to load an image, from its mode and format.
"""

from __future__ import annotations

import math
import re
import struct
import zlib
from typing import NamedTuple

from PIL import Image

#: PNG colour type → samples per pixel.
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
#: Adam7 passes: first column, first row, column step, row step.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
#: More IDAT chunks than this is damage or an attack (a 20 MB file of 8 KB chunks has 2,560).
MAX_PNG_CHUNKS = 100_000
_INFLATE_STEP = 4 << 20


class PngHeader(NamedTuple):
    """A PNG's IHDR: what the file claims."""

    width: int
    height: int
    bit_depth: int
    colour_type: int
    interlaced: bool

    @property
    def scanline_bytes(self) -> int:
        """Bytes the image data must inflate to: each scanline's filter byte and samples.

        >>> PngHeader(7000, 7000, 8, 6, False).scanline_bytes  # RGBA: 1 + 4 × 7000 a row
        196007000
        >>> PngHeader(1, 1, 8, 0, True).scanline_bytes  # one pixel: only Adam7's first pass
        2
        """
        bits = self.bit_depth * _PNG_CHANNELS.get(self.colour_type, 4)
        if not self.interlaced:
            return self.height * (1 + math.ceil(self.width * bits / 8))
        total = 0
        for x0, y0, dx, dy in _ADAM7:
            columns = -(-max(self.width - x0, 0) // dx)
            rows = -(-max(self.height - y0, 0) // dy)
            if columns and rows:
                total += rows * (1 + math.ceil(columns * bits / 8))
        return total


def png_header(data: bytes) -> PngHeader | None:
    """The IHDR of a PNG file, or None if ``data`` does not start like one."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR" or len(data) < 33:
        return None
    width, height, bit_depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    return PngHeader(width, height, bit_depth, colour_type, interlace == 1)


class RowsHeld(NamedTuple):
    """How much of a PNG's claimed image its data holds: ``held < claimed`` means short."""

    held: int
    claimed: int
    interlaced: bool


def png_rows_held(data: bytes) -> RowsHeld | None:
    """How many of its claimed rows a PNG's image data holds; None if it is not a PNG.

    The IDAT chunks are inflated 4 MB at a time and only counted, stopping as soon
    as the header's claim is met, so a lying file costs little time and memory. For an
    interlaced image, rows are counted as if it were not (its passes are proportional).
    Raises ValueError when the compressed data itself is broken or absurdly chunked.
    """
    header = png_header(data)
    if header is None:
        return None
    needed = header.scanline_bytes
    inflater = zlib.decompressobj()
    produced, chunks, position, seen_idat = 0, 0, 8, False
    while position + 8 <= len(data) and produced < needed:
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind != b"IDAT":
            if seen_idat:
                break  # IDAT chunks are consecutive: the image data is over
            continue
        seen_idat, chunks = True, chunks + 1
        if chunks > MAX_PNG_CHUNKS:
            raise ValueError(f"its image data is split into more than {MAX_PNG_CHUNKS:,} chunks")
        try:
            while body and produced < needed:
                produced += len(inflater.decompress(body, _INFLATE_STEP))
                body = inflater.unconsumed_tail
        except zlib.error as error:
            raise ValueError(f"its compressed image data is damaged ({error})") from error
        if inflater.eof:
            break
    height = header.height
    held = height if produced >= needed else min(produced // max(needed // max(height, 1), 1), height)
    return RowsHeld(held, height, header.interlaced)


#: Real files have a few dozen chunks or marker segments before their image data.
MAX_SEGMENTS = 10_000


def too_many_segments(data: bytes) -> str | None:
    """ "chunks" or "marker segments" when a PNG or JPEG has over MAX_SEGMENTS of them
    before its image data, else None. Pillow reads those one by one in Python when it
    opens the file: 20 MB of empty chunks would cost it seconds before a pixel is read.

    >>> too_many_segments(b"\\xff\\xd8" + b"\\xff\\xe5\\x00\\x02" * 10_001)
    'marker segments'
    """
    count = 0
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        position = 8
        while position + 8 <= len(data) and data[position + 4 : position + 8] != b"IDAT":
            count += 1
            if count > MAX_SEGMENTS:
                return "chunks"
            position += 12 + int.from_bytes(data[position : position + 4], "big")
    elif data.startswith(b"\xff\xd8"):
        position = 2
        while position + 4 <= len(data) and data[position] == 0xFF and data[position + 1] != 0xDA:
            count += 1
            if count > MAX_SEGMENTS:
                return "marker segments"
            if data[position + 1] in (0xFF, 0x01, *range(0xD0, 0xD9)):
                position += 1 if data[position + 1] == 0xFF else 2
            else:
                position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return None


class JpegLayout(NamedTuple):
    """A JPEG's structure, read from its markers (sizes in bytes)."""

    width: int
    height: int
    progressive: bool
    arithmetic: bool
    #: libjpeg keeps every block's coefficients (128 bytes a block) for progressive files
    #: and files whose first scan lacks a component; 0 when it streams row by row.
    coefficient_bytes: int
    #: Entropy-coded bytes in the scans before the first end-of-image marker.
    coded_bytes: int
    #: The fewest coded bytes the scans present could take (0 when unknown: arithmetic).
    least_coded_bytes: int
    #: libjpeg visits every block of a scan's components once per scan.
    scans: int


_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7]")


def jpeg_layout(data: bytes) -> JpegLayout | None:
    """The frame and scans of the first image of a JPEG; None if they cannot be read.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> Image.new("RGB", (64, 48)).save(buffer, "JPEG")
    >>> layout = jpeg_layout(buffer.getvalue())
    >>> layout.width, layout.height, layout.progressive, layout.coefficient_bytes
    (64, 48, False, 0)
    >>> layout.least_coded_bytes  # 48 luma + 2 × 12 chroma blocks, two bits each
    18
    """
    if not data.startswith(b"\xff\xd8"):
        return None
    position, frame, scans, segments = 2, None, [], 0
    coded = 0
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            break
        if marker in (0x01, *range(0xD0, 0xD8)):
            position += 2
            continue
        segments += 1
        if segments > MAX_SEGMENTS:
            return None
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        body = data[position + 4 : position + 2 + length]
        position += 2 + length
        if marker in _FRAMES and frame is None:
            if len(body) < 6 or len(body) < 6 + 3 * body[5]:
                return None
            height, width, count = struct.unpack(">HHB", body[1:6])
            components = {
                body[6 + 3 * k]: (max(body[7 + 3 * k] >> 4, 1), max(body[7 + 3 * k] & 15, 1))
                for k in range(count)
            }
            frame = (marker, width, height, components)
        elif marker == 0xDA:
            if not body or len(body) < 4 + 2 * body[0]:
                return None
            ids = [body[1 + 2 * k] for k in range(body[0])]
            scans.append((ids, body[1 + 2 * body[0]]))  # the components, and the first coefficient
            found = _SCAN_END.search(data, position)
            end = found.start() if found else len(data)
            coded += end - position
            position = end
    if frame is None or not scans:
        return None
    marker, width, height, components = frame
    h_max = max(h for h, _ in components.values())
    v_max = max(v for _, v in components.values())

    def samples(ident: int) -> tuple[int, int]:
        h, v = components.get(ident, (1, 1))
        return math.ceil(width * h / h_max), math.ceil(height * v / v_max)

    def blocks(ident: int, padded: bool) -> int:
        h, v = components.get(ident, (1, 1))
        across, down = (-(-n // 8) for n in samples(ident))
        if padded:  # libjpeg rounds each component up to whole MCUs
            across, down = -(-across // h) * h, -(-down // v) * v
        return across * down

    progressive = marker in (0xC2, 0xC6, 0xCA, 0xCE)
    arithmetic = marker >= 0xC9
    buffered = progressive or len(scans[0][0]) < len(components)
    coefficient_bytes = sum(blocks(i, True) for i in components) * 128 if buffered else 0
    least_bits = 0
    if not arithmetic:
        for ids, start in scans:
            if marker in (0xC3, 0xC7):  # lossless: at least one bit per sample
                least_bits += sum(math.prod(samples(i)) for i in ids)
            elif not progressive:  # each block: a DC code and an end-of-block (or AC) code
                least_bits += 2 * sum(blocks(i, False) for i in ids)
            elif start == 0:  # a progressive DC scan: one code (or one refinement bit) per block
                least_bits += sum(blocks(i, False) for i in ids)
    return JpegLayout(
        width, height, progressive, arithmetic, coefficient_bytes, coded, least_bits // 8, len(scans)
    )


#: Peak bytes per pixel Pillow needs beyond the image itself, measured on this machine
#: (Pillow 13): WebP goes through libwebp's animation decoder (two RGBA canvases and a
#: copy of the frame as bytes), AVIF through YUV planes and an RGB copy.
_FORMAT_EXTRA = {"WEBP": 14, "AVIF": 10, "GIF": 1}


def decode_bytes(image: Image.Image, data: bytes = b"") -> int:
    """Bytes Pillow holds or produces to load ``image`` (at its size after any ``draft``).

    Pillow stores 1 byte a pixel for modes 1, L and P, 2 for 16-bit greyscale and 4 for
    the rest (RGB included). libtiff adds a buffer for one strip or tile, which may be the
    whole image. ``data``, the file's bytes, gives a PNG's inflated size: decoding time
    grows with it.

    >>> decode_bytes(Image.new("RGBA", (100, 10)))
    4000
    """
    width, height = image.size
    mode = image.mode
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    per_pixel += _FORMAT_EXTRA.get(image.format or "", 0)
    if image.format == "TIFF":
        tags = getattr(image, "tag_v2", {})
        bits = tags.get(258, (8,))
        bits = sum(bits) if isinstance(bits, tuple) else int(bits or 8)
        stored = max(4, math.ceil(bits / 8))  # a stored pixel, or libtiff's RGBA for YCbCr
        if 322 in tags and 323 in tags:  # tiled
            buffer = int(tags[322]) * int(tags[323]) * stored
        else:
            buffer = min(int(tags.get(278, height) or height), height) * width * stored
        return width * height * max(per_pixel, stored) + buffer
    if image.format == "PNG" and (header := png_header(data)) is not None:
        # Inflating is work too: 16-bit samples inflate to twice what Pillow keeps.
        return max(width * height * per_pixel, header.scanline_bytes)
    return width * height * per_pixel

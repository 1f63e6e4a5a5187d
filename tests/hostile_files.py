"""Hostile uploads, generated in a fraction of a second: shared by the tests and the benchmark.

Each builder returns the bytes a visitor could upload. The large ones are written by hand
(a few chunks or markers around highly repetitive data) rather than by Pillow's encoders,
which would need the full image in memory and seconds of CPU to produce them.

- :func:`lying_png`: 351 bytes whose header claims 7000 × 7000 RGBA; 10 rows of data.
- :func:`lying_jpeg`: a 64 × 64 JPEG whose frame header claims 13000 × 13000.
- :func:`alpha_png`: a true 7000 × 7000 RGBA PNG at alpha 128 (~200 KB).
- :func:`grey16_png`: a true 7000 × 7000 16-bit greyscale PNG.
- :func:`float_tiff`: a true 7000 × 7000 32-bit float TIFF, deflated, in one strip or many.
- :func:`progressive_jpeg`, :func:`baseline_jpeg`: true 13000 × 13000 colour JPEGs, flat grey.
- :func:`rle_bmp`: a 7000 × 7000 run-length BMP of 28 KB that Pillow decodes in Python.
- :func:`chunk_flood_png`, :func:`marker_flood_jpeg`: millions of empty chunks or markers.
- :func:`many_scans_jpeg`: a progressive JPEG of 40 scans (libjpeg passes over each).
- :func:`ordinary_jpeg`: a 1-megapixel photo-like baseline JPEG, the benchmark's baseline.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import resource
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The large images are vertical ramps in bands of this many identical rows.
BAND = 64


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _zlib_rows(rows) -> bytes:
    """A zlib stream of the concatenated ``rows``, compressing each distinct row only once.

    Each row is deflated on its own and flushed to a byte boundary (``Z_FULL_FLUSH``), so
    its blocks refer to nothing before them and can be repeated as they are; the stream
    ends with an empty final block and the Adler-32 of everything, as zlib requires.
    """
    blocks: dict[bytes, bytes] = {}
    parts, checksum = [b"\x78\x01"], 1
    for row in rows:
        if row not in blocks:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            blocks[row] = packer.compress(row) + packer.flush(zlib.Z_FULL_FLUSH)
        parts.append(blocks[row])
        checksum = zlib.adler32(row, checksum)
    parts.append(b"\x03\x00" + struct.pack(">I", checksum))
    return b"".join(parts)


def _png(width: int, height: int, bit_depth: int, colour_type: int, idat: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return PNG_SIGNATURE + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def _banded(side: int, row_of_level) -> list[bytes]:
    """``side`` scanlines in bands of BAND identical rows (the same bytes object per band)."""
    bands = [row_of_level(y / max(side - 1, 1)) for y in range(0, side, BAND)]
    return [bands[y // BAND] for y in range(side)]


def lying_png(side: int = 7000, rows: int = 10) -> bytes:
    """An RGBA PNG whose header claims ``side × side`` pixels but holds ``rows`` rows."""
    return _png(side, side, 8, 6, zlib.compress(bytes((1 + 4 * side) * rows), 9))


def alpha_png(side: int = 7000, alpha: int = 128) -> bytes:
    """A genuine ``side × side`` RGBA PNG, half transparent: each band of rows one colour."""

    def row(level: float) -> bytes:
        red = round(255 * level)
        return b"\0" + bytes((red, 255 - red, 64, alpha)) * side

    return _png(side, side, 8, 6, _zlib_rows(_banded(side, row)))


def grey16_png(side: int = 7000) -> bytes:
    """A genuine ``side × side`` 16-bit greyscale PNG: a vertical ramp over 0…65535."""

    def row(level: float) -> bytes:
        return b"\0" + struct.pack(">H", round(65535 * level)) * side

    return _png(side, side, 16, 0, _zlib_rows(_banded(side, row)))


def float_tiff(side: int = 7000, rows_per_strip: int | None = None) -> bytes:
    """A genuine ``side × side`` 32-bit float greyscale TIFF (Adobe deflate).

    Values run from −1 at the top to nearly 3 at the bottom, in bands. One strip by default: the decoder
    then needs a strip buffer as large as the image itself, the worst case for memory.
    """
    rows_per_strip = rows_per_strip or side
    rows = _banded(side, lambda level: np.full(side, -1 + 4 * level, dtype="<f4").tobytes())
    strips = [_zlib_rows(rows[top : top + rows_per_strip]) for top in range(0, side, rows_per_strip)]
    data_offset = 8
    offsets, position = [], data_offset
    for strip in strips:
        offsets.append(position)
        position += len(strip)
    arrays_offset = position  # the two strip arrays, then the IFD
    offsets_blob = struct.pack(f"<{len(strips)}I", *offsets)
    counts_blob = struct.pack(f"<{len(strips)}I", *map(len, strips))
    ifd_offset = arrays_offset + len(offsets_blob) + len(counts_blob)
    ifd_offset += ifd_offset % 2

    def entry(tag: int, kind: int, count: int, value: int) -> bytes:
        if kind == 3 and count == 1:  # SHORT, left-justified in the 4-byte value field
            return struct.pack("<HHIHH", tag, kind, count, value, 0)
        return struct.pack("<HHII", tag, kind, count, value)

    n = len(strips)
    entries = [
        entry(256, 4, 1, side),  # ImageWidth
        entry(257, 4, 1, side),  # ImageLength
        entry(258, 3, 1, 32),  # BitsPerSample
        entry(259, 3, 1, 8),  # Compression: Adobe deflate
        entry(262, 3, 1, 1),  # PhotometricInterpretation: BlackIsZero
        entry(273, 4, n, offsets[0] if n == 1 else arrays_offset),  # StripOffsets
        entry(277, 3, 1, 1),  # SamplesPerPixel
        entry(278, 4, 1, rows_per_strip),  # RowsPerStrip
        entry(279, 4, n, len(strips[0]) if n == 1 else arrays_offset + len(offsets_blob)),
        entry(339, 3, 1, 3),  # SampleFormat: IEEE float
    ]
    body = b"II*\0" + struct.pack("<I", ifd_offset) + b"".join(strips) + offsets_blob + counts_blob
    body += b"\0" * (ifd_offset - len(body))
    return body + struct.pack("<H", len(entries)) + b"".join(entries) + struct.pack("<I", 0)


def flat_jpeg(side: int = 13000, progressive: bool = True, height: int | None = None) -> bytes:
    """A genuine ``side × side`` (or ``side × height``) 4:2:0 colour JPEG, mid grey, holding the
    least data possible.

    Every block is coded in the fewest bits a Huffman code allows (one-symbol tables):
    one bit for its DC difference, plus one for its end-of-block when sequential. A
    progressive file has only its DC scan. libjpeg must keep every block's coefficients
    for a progressive file (128 bytes a block); a sequential one streams, row by row.
    """

    def segment(marker: int, body: bytes) -> bytes:
        return struct.pack(">HH", 0xFF00 | marker, len(body) + 2) + body

    one_symbol = b"\x01" + b"\x00" * 15 + b"\x00"  # one code of length 1, for symbol 0
    quant = segment(0xDB, b"\x00" + b"\x01" * 64)
    sampling = bytes((1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0))
    rows = side if height is None else height
    frame = segment(0xC2 if progressive else 0xC0, struct.pack(">BHHB", 8, rows, side, 3) + sampling)
    tables = segment(0xC4, b"\x00" + one_symbol + (b"" if progressive else b"\x10" + one_symbol))
    last_coefficient = 0 if progressive else 63
    scan = segment(0xDA, bytes((3, 1, 0x00, 2, 0x00, 3, 0x00, 0, last_coefficient, 0)))
    mcus = (-(-side // 16)) * (-(-rows // 16))
    bits = mcus * 6 * (1 if progressive else 2)  # six blocks an MCU: four luma, two chroma
    entropy = bytes(bits // 8) + (bytes((0xFF >> (bits % 8),)) if bits % 8 else b"")
    return b"\xff\xd8" + quant + frame + tables + scan + entropy + b"\xff\xd9"


def progressive_jpeg(side: int = 13000) -> bytes:
    """A genuine ``side × side`` colour progressive JPEG (see :func:`flat_jpeg`)."""
    return flat_jpeg(side, progressive=True)


def baseline_jpeg(side: int = 13000) -> bytes:
    """A genuine ``side × side`` colour baseline JPEG (see :func:`flat_jpeg`)."""
    return flat_jpeg(side, progressive=False)


def rle_bmp(side: int = 7000) -> bytes:
    """An 8-bit run-length BMP of ``side × side``: each line one black pixel, then end-of-line.

    28 KB; Pillow's decoder, written in Python, pads the rest of each line a byte at a time.
    """
    palette = b"".join(bytes((v, v, v, 0)) for v in range(256))
    pixels = b"\x01\x00\x00\x00" * side + b"\x00\x01"
    info = struct.pack("<IiiHHIIiiII", 40, side, side, 1, 8, 1, len(pixels), 2835, 2835, 256, 0)
    offset = 14 + len(info) + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + info + palette + pixels


def chunk_flood_png(chunks: int = 1_600_000) -> bytes:
    """A 64 × 64 PNG with ``chunks`` empty ancillary chunks before its image data (~19 MB)."""
    header = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"abCd", b"") * chunks
        + _png_chunk(b"IDAT", zlib.compress(bytes(64 * 193)))
        + _png_chunk(b"IEND", b"")
    )


def marker_flood_jpeg(markers: int = 4_000_000) -> bytes:
    """A 64 × 64 JPEG with ``markers`` empty APP5 segments after its start (~15 MB)."""
    data = ordinary_jpeg(64, 64)
    return data[:2] + b"\xff\xe5\x00\x02" * markers + data[2:]


def many_scans_jpeg(side: int = 512, scans: int = 40) -> bytes:
    """A flat progressive JPEG whose DC scan is repeated ``scans`` times."""
    data = progressive_jpeg(side)
    scan = data.index(b"\xff\xda")
    return data[:scan] + data[scan:-2] * scans + b"\xff\xd9"


def ordinary_jpeg(width: int = 1152, height: int = 864, seed: int = 0, quality: int = 90) -> bytes:
    """A photo-like baseline JPEG (smooth colour ramps plus sensor-like noise)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    phase = rng.uniform(0, 2 * np.pi, 3)
    channels = [128 + 90 * np.sin(x / (70 + 20 * k) + y / 110 + phase[k]) for k in range(3)]
    rgb = np.stack(channels, axis=2) + rng.normal(0, 6, (height, width, 3))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def lying_jpeg(claimed: int = 13000, actual: int = 64) -> bytes:
    """An ``actual × actual`` JPEG whose frame header claims ``claimed × claimed`` pixels."""
    data = bytearray(ordinary_jpeg(actual, actual, seed=1))
    frame = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, frame + 5, claimed, claimed)
    return bytes(data)


def many_photos(count: int = 12, side: int = 640) -> list[bytes]:
    """``count`` distinct ordinary JPEGs, as a visitor dropping a whole folder would send."""
    return [ordinary_jpeg(side, side * 3 // 4, seed=k) for k in range(count)]


#: name → builder of each hostile file, as used by the tests and the benchmark.
HOSTILE = {
    "lying_png_7000": lying_png,
    "lying_jpeg_13000": lying_jpeg,
    "alpha_png_7000": alpha_png,
    "grey16_png_7000": grey16_png,
    "float_tiff_7000_one_strip": float_tiff,
    "float_tiff_7000_strips": lambda: float_tiff(rows_per_strip=64),
    "progressive_jpeg_13000": progressive_jpeg,
    "progressive_jpeg_6000": lambda: progressive_jpeg(6000),
    "baseline_jpeg_13000": baseline_jpeg,
    "rle_bmp_7000": rle_bmp,
    "chunk_flood_png": chunk_flood_png,
    "marker_flood_jpeg": marker_flood_jpeg,
    "many_scans_jpeg": many_scans_jpeg,
}


# -- measuring one decode in a fresh process ----------------------------------------------------
def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def start_peak_memory() -> float:
    """Reset this process's peak resident size to its current size; return that, in MB.

    Not ``resource.getrusage(...).ru_maxrss``: on Linux a process inherits its parent's
    peak across fork and exec, so a child of a large pytest process would report the
    parent's size and hide its own growth. ``VmHWM`` belongs to the process's own memory
    map, and writing 5 to ``clear_refs`` resets it (Linux ≥ 4.0).
    """
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def peak_memory() -> float:
    """This process's peak resident size since :func:`start_peak_memory`, in MB."""
    return _status_mb("VmHWM")


def decode_in_this_process(path: str, max_side: int, module: str | None = None) -> dict:
    """Decode the file at ``path`` once: its outcome, wall and CPU time, and extra peak memory.

    ``module`` is the path of an alternative ``uploads.py`` (e.g. an older version, for a
    before/after comparison); by default the repository's ``lib.uploads``. The baseline is
    the process's resident size after the imports, a warm-up decode and reading the file;
    the extra is how far its peak rose above that while decoding.
    """
    if module:
        spec = importlib.util.spec_from_file_location("uploads_under_test", module)
        assert spec and spec.loader
        uploads = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(uploads)
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from lib import uploads
    data = Path(path).read_bytes()
    warm_up = io.BytesIO()
    Image.new("RGB", (16, 16)).save(warm_up, "PNG")
    uploads.decode_upload(warm_up.getvalue())  # imports Pillow's plugins before the baseline
    before = resource.getrusage(resource.RUSAGE_SELF)
    baseline = start_peak_memory()
    start = time.perf_counter()
    outcome: dict[str, object]
    try:
        pixels, notes = uploads.decode_upload(data, Path(path).name, max_side=max_side)
    except ValueError as error:
        outcome = {"refused": str(error)}
    else:
        outcome = {
            "shape": list(pixels.shape),
            "notes": notes,
            "first_pixel": pixels[0, 0].tolist(),
            "last_pixel": pixels[-1, -1].tolist(),
        }
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        **outcome,
        "seconds": seconds,
        "cpu_seconds": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "baseline_mb": baseline,
        "extra_mb": peak_memory() - baseline,
    }


def shelve_in_this_process(folder: str, max_side: int) -> dict:
    """Attach every file of ``folder`` to one :class:`~lib.upload_shelf.UploadShelf` and rerun
    twice, as a visitor dropping a folder of photos: what was kept, and the extra memory."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lib.upload_shelf import UploadShelf

    class Upload:
        def __init__(self, path: Path) -> None:
            self.name, self.data = path.name, path.read_bytes()

        def getvalue(self) -> bytes:
            return self.data

    files = [Upload(path) for path in sorted(Path(folder).iterdir())]
    shelf = UploadShelf(max_side=max_side)
    before = resource.getrusage(resource.RUSAGE_SELF)
    baseline = start_peak_memory()
    start = time.perf_counter()
    for _ in range(3):  # the first run and two reruns of the page
        view = shelf.update(files)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "used": [upload.name for upload in view.uploads],
        "held_mb": sum(u.pixels.nbytes for u in view.uploads if u.pixels is not None) / 2**20,
        "decodes": shelf.decodes,
        "message": view.message,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "baseline_mb": baseline,
        "extra_mb": peak_memory() - baseline,
    }


def measure_each_in_a_fork(paths: list[str], max_side: int) -> dict[str, dict]:
    """Each path's report (a file decoded, a folder shelved), each measured in a child forked
    from this process once the imports and a warm-up decode are done.

    A fork starts from this process's memory as it is after the imports, as a fresh process
    would (its resident size counts the pages it shares with this one, so its peak above that
    is what its own decode adds), but without paying ~0.3 s of imports a file: the tests'
    14 measurements in one process cost what 3 fresh ones did.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from lib import upload_shelf, uploads

    warm_up = io.BytesIO()
    Image.new("RGB", (16, 16)).save(warm_up, "PNG")
    uploads.decode_upload(warm_up.getvalue())
    assert upload_shelf.UploadShelf  # imported before the forks, like lib.uploads
    reports = {}
    for path in paths:
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # the child: measure, report through the pipe, leave without cleaning up
            os.close(read)
            code = 0
            try:
                report = (
                    shelve_in_this_process(path, max_side)
                    if Path(path).is_dir()
                    else decode_in_this_process(path, max_side)
                )
                os.write(write, json.dumps(report).encode())
            except BaseException as error:  # any failure is the parent's to report
                os.write(write, json.dumps({"error": repr(error)}).encode())
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            text = pipe.read()
        _, status = os.waitpid(child, 0)
        reports[Path(path).name] = (
            json.loads(text) if text else {"error": f"child ended with status {status}"}
        )
    return reports


if __name__ == "__main__":
    # python tests/hostile_files.py FILE|FOLDER MAX_SIDE [UPLOADS_PY]: one measurement, this process
    # python tests/hostile_files.py --each MAX_SIDE FILE|FOLDER...: one forked child each
    if sys.argv[1] == "--each":
        print(json.dumps(measure_each_in_a_fork(sys.argv[3:], int(sys.argv[2]))))
    elif Path(sys.argv[1]).is_dir():
        print(json.dumps(shelve_in_this_process(sys.argv[1], int(sys.argv[2]))))
    else:
        print(json.dumps(decode_in_this_process(sys.argv[1], int(sys.argv[2]), *sys.argv[3:4])))

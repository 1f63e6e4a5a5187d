"""One session's uploads: each file decoded once, at most a few of them.

Streamlit reruns a page on every click, with every attached file still attached: without
a shelf, each rerun would decode every visitor's files again. The shelf keys each file by
its content, decodes it once through :func:`lib.uploads.decode_upload`, forgets files that
are no longer attached, and uses only the first few, saying so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np

from lib import uploads


class UploadedFileLike(Protocol):
    """What the shelf needs of an upload: Streamlit's ``UploadedFile`` has it all."""

    name: str

    def getvalue(self) -> bytes: ...


class ShelvedUpload(NamedTuple):
    """One attached file: its pixels (read-only) and notes, or why it was refused."""

    name: str
    pixels: np.ndarray | None
    notes: tuple[str, ...]
    refusal: str | None
    #: First 8 hex digits of the SHA-256 of the pixels ("" when refused): tells apart
    #: two uploads with the same file name.
    digest: str


class ShelfView(NamedTuple):
    """What the page shows: the uploads used, in order, and a message if some were left out."""

    uploads: list[ShelvedUpload]
    message: str | None


class UploadShelf:
    """One session's uploads: each file decoded once, at most ``max_files`` of them.

    Streamlit reruns the page on every click, handing back the same attached files; the
    shelf remembers each one's result (pixels or refusal) by Streamlit's ``file_id``, or
    by a hash of its bytes, so a file is decoded once however often the page reruns.
    Files no longer attached are forgotten. Only the first ``max_files`` attached files
    are decoded; the rest are left out with a message, so a visitor dropping a folder
    costs at most ``max_files`` decodes and ``max_files × max_side² × 3`` bytes.

    >>> import io
    >>> from PIL import Image
    >>> shelf = UploadShelf(max_files=1, max_side=32)
    >>> class Upload:
    ...     def __init__(self, name, data): self.name, self.data = name, data
    ...     def getvalue(self): return self.data
    >>> buffer = io.BytesIO(); Image.new("RGB", (64, 64), "red").save(buffer, "PNG")
    >>> view = shelf.update([Upload("red.png", buffer.getvalue()), Upload("notes.txt", b"hello")])
    >>> [(u.name, u.pixels.shape, u.refusal) for u in view.uploads]
    [('red.png', (32, 32, 3), None)]
    >>> view.message
    'Only the first photo is used (1 per visitor): 1 more file was left out. Remove some to use others.'
    """

    def __init__(self, max_files: int = 4, max_side: int = 1024) -> None:
        if not isinstance(max_files, int) or max_files < 1:
            raise ValueError(f"max_files must be a whole number ≥ 1, got {max_files!r}")
        if not isinstance(max_side, int) or max_side < uploads.MIN_SIDE:
            raise ValueError(f"max_side must be an integer ≥ {uploads.MIN_SIDE}, got {max_side!r}")
        self.max_files, self.max_side = max_files, max_side
        self._shelved: dict[str, ShelvedUpload] = {}
        #: How many decodes this shelf has run (for tests and benchmarks).
        self.decodes = 0

    @property
    def rule(self) -> str:
        """The limits in a sentence, for the page to show beside the uploader."""
        return (
            f"Up to {self.max_files} photos per visitor, each used at most "
            f"{self.max_side:,} pixels a side; kept in this session only, never stored."
        )

    def __len__(self) -> int:
        return len(self._shelved)

    def update(self, files: Sequence[UploadedFileLike]) -> ShelfView:
        """The shelved results for the attached ``files``, decoding only new ones."""
        used, kept = [], {}
        for upload in files[: self.max_files]:
            key = getattr(upload, "file_id", None) or hashlib.sha256(upload.getvalue()).hexdigest()
            shelved = self._shelved.get(key) or self._decode(upload)
            kept[key] = shelved
            used.append(shelved)
        self._shelved = kept  # forget files no longer attached, and their pixels
        extra = len(files) - len(used)
        message = None
        if extra > 0:
            first = "the first photo is" if self.max_files == 1 else f"the first {self.max_files} photos are"
            more = "1 more file was" if extra == 1 else f"{extra:,} more files were"
            message = (
                f"Only {first} used ({self.max_files} per visitor): {more} left out. "
                "Remove some to use others."
            )
        return ShelfView(used, message)

    def _decode(self, upload: UploadedFileLike) -> ShelvedUpload:
        self.decodes += 1
        try:
            pixels, notes = uploads.decode_upload(upload.getvalue(), upload.name, max_side=self.max_side)
        except ValueError as error:
            return ShelvedUpload(upload.name, None, (), str(error), "")
        pixels.flags.writeable = False
        digest = hashlib.sha256(pixels.tobytes()).hexdigest()[:8]
        return ShelvedUpload(upload.name, pixels, tuple(notes), None, digest)

"""The bundled photo corpus and the names it re-exports. What is drawn from the corpus, and what
it re-exports, is tested beside its own module: test_real_samples, test_photo_scenes,
test_sample_pairs, test_photo_memo, test_luma, test_uniform_noise, test_pixel_sheets."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lib import photo_corpus as pc

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT / "assets" / "photos"


@pytest.fixture(scope="module")
def pool():
    return pc.load_corpus()


# -- the corpus ---------------------------------------------------------------------------
def test_manifest_lists_only_cc0_or_public_domain_files_that_exist_with_their_hashes():
    manifest = json.loads((PHOTOS / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["photos"]
    assert len(entries) >= 8
    listed = set()
    for entry in entries:
        for key in ("file", "title", "author", "source", "licence", "licence_statement", "url"):
            assert entry[key].strip(), (entry["file"], key)
        assert entry["licence"] in ("CC0", "Public domain")
        assert "scikit-image" in entry["source"]
        data = (PHOTOS / entry["file"]).read_bytes()
        assert len(data) == entry["bytes"] and len(data) <= 1_000_000
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (entry["width"], entry["height"])
        listed.add(entry["file"])
    images_on_disk = {p.name for p in PHOTOS.iterdir() if p.suffix in (".png", ".jpg")}
    assert images_on_disk == listed, "every bundled image must be credited, and only those"
    total = sum(p.stat().st_size for p in PHOTOS.iterdir())
    assert total < 4 * 2**20


def test_load_corpus_gives_read_only_rgb_arrays_matching_the_manifest(pool):
    credits = pc.load_manifest()
    assert [p.credit for p in pool] == credits
    for photo, credit in zip(pool, credits):
        assert photo.pixels.dtype == np.uint8
        assert photo.pixels.shape == (credit.height, credit.width, 3)
        assert not photo.pixels.flags.writeable
        grey = credit.mode == "greyscale"
        same = np.array_equal(photo.pixels[..., 0], photo.pixels[..., 1]) and np.array_equal(
            photo.pixels[..., 1], photo.pixels[..., 2]
        )
        assert same == grey, credit.file


def test_lib_needs_neither_scikit_image_nor_streamlit():
    code = (
        "import sys, lib.photo_corpus, lib.real_samples, lib.sample_pairs, lib.uploads, lib.statistics;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('skimage', 'streamlit')];"
        "assert not bad, bad; lib.photo_corpus.load_corpus()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


#: The names lib.photo_corpus re-exports for the pages, by the module that defines them (the
#: modules it builds on); what builds on the corpus (real_samples, photo_scenes, sample_pairs)
#: is imported from its own module, never from here.
RE_EXPORTED = {
    "lib.photo_picks": ("largest_photo_corner", "most_contrasted"),
    "lib.luma": ("to_grey",),
    "lib.pixel_sheets": ("ScreenSheet", "check_budget", "contact_sheet", "encode_png", "screen_sheet"),
    "lib.uniform_noise": ("uniform_noise", "uniform_noise_image", "uniform_noise_window"),
}
BUILT_ON_THE_CORPUS = ("lib.real_samples", "lib.photo_scenes", "lib.sample_pairs")


def test_every_name_the_pages_take_from_the_corpus_is_the_defining_modules():
    for module, names in RE_EXPORTED.items():
        home = __import__(module, fromlist=["_"])
        for name in names:
            assert getattr(pc, name) is getattr(home, name), name


def test_what_builds_on_the_corpus_is_imported_from_its_own_module():
    """One name, one home: a caller that took ``sample_pair`` from the corpus would send its
    reader to the wrong file, so the corpus re-exports nothing of the modules that build on
    it, and no module of the app, its tests or its benches reaches them through it."""
    own = {}
    for module in BUILT_ON_THE_CORPUS:
        built = __import__(module, fromlist=["_"])
        own[module] = [n for n in vars(built) if getattr(vars(built)[n], "__module__", None) == module]
        assert own[module], module  # the search below looks for something
        assert not [n for n in own[module] if hasattr(pc, n)], module
    names = "|".join(n for found in own.values() for n in found)
    pattern = re.compile(rf"\b(?:corpus|pc|photo_corpus)\.({names})\b")
    reaching = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("lib", "pages", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not reaching, reaching


def test_the_modules_built_on_the_corpus_import_first():
    """Each of them imports lib.photo_corpus: importing any of them first, in a fresh
    process, must work (a re-export of them from the corpus would be a circular import)."""
    code = """if True:
        import importlib, sys
        for first in ("lib.real_samples", "lib.sample_pairs", "lib.photo_scenes", "lib.photo_corpus"):
            for name in [m for m in sys.modules if m == "lib" or m.startswith("lib.")]:
                del sys.modules[name]
            importlib.import_module(first)
            import lib.photo_corpus, lib.photo_picks, lib.photo_scenes, lib.real_samples, lib.sample_pairs
    """
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_missing_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no photo manifest"):
        pc.load_corpus(tmp_path)

"""Rebuild this folder from scikit-image's bundled sample data (a build step, never run by the app).

    pip download scikit-image==0.26.0 --no-deps -d /tmp/skw && unzip -q /tmp/skw/*.whl -d /tmp/skw/x
    python assets/photos/extract_from_skimage.py /tmp/skw/x/skimage/data

Only images that ship inside the wheel and whose docstring in ``skimage/data/_fetchers.py``
states CC0 or public domain are taken. PNGs are re-compressed losslessly (pixels identical,
metadata such as ICC profiles and XMP dropped); JPEGs are copied byte for byte (re-encoding
would add a second round of loss). The manifest records each licence statement verbatim.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
SKIMAGE_VERSION = "0.26.0"
FETCHERS = "https://github.com/scikit-image/scikit-image/blob/v0.26.0/src/skimage/data/_fetchers.py"

# key, skimage file, skimage function, title, author, licence, verbatim licence statement,
# original URL / reference as given by skimage, processing noted by skimage
PHOTOS = [
    (
        "astronaut",
        "astronaut.png",
        "astronaut",
        "Astronaut Eileen Collins",
        "NASA",
        "Public domain",
        "No known copyright restrictions, released into the public domain.",
        "https://flic.kr/p/r9qvLn (NASA Great Images database)",
        "",
    ),
    (
        "camera",
        "camera.png",
        "camera",
        "Man with a camera (greyscale)",
        "Lav Varshney",
        "CC0",
        "No copyright restrictions. CC0 by the photographer (Lav Varshney).",
        "https://github.com/scikit-image/scikit-image/issues/3927",
        "",
    ),
    (
        "chelsea",
        "chelsea.png",
        "chelsea",
        "Chelsea the cat",
        "Stefan van der Walt",
        "CC0",
        "No copyright restrictions.  CC0 by the photographer (Stefan van der Walt).",
        "scikit-image sample data (skimage.data.chelsea)",
        "",
    ),
    (
        "coffee",
        "coffee.png",
        "coffee",
        "Coffee cup",
        "Rachel Michetti (courtesy of Pikolo Espresso Bar)",
        "CC0",
        "No copyright restrictions.  CC0 by the photographer (Rachel Michetti).",
        "scikit-image sample data (skimage.data.coffee)",
        "",
    ),
    (
        "rocket",
        "rocket.jpg",
        "rocket",
        "Launch of DSCOVR on a Falcon 9",
        "SpaceX",
        "Public domain",
        "The image was captured by SpaceX and released in the public domain.",
        "https://www.flickr.com/photos/spacexphotos/16511594820/in/photostream/",
        "",
    ),
    (
        "hubble_deep_field",
        "hubble_deep_field.jpg",
        "hubble_deep_field",
        "Hubble eXtreme Deep Field",
        "NASA",
        "Public domain",
        "The image was captured by NASA and may be freely used in the public domain.",
        "http://hubblesite.org/newscenter/archive/releases/2012/37/image/a/",
        "",
    ),
    (
        "grass",
        "grass.png",
        "grass",
        "Grass (greyscale texture)",
        "linolafett (DeviantArt)",
        "CC0",
        "The original image was downloaded from DeviantArt and licensed under the "
        "Creative Commons CC0 License.",
        "https://www.deviantart.com/linolafett/art/Grass-01-434853879",
        "cropped to 512x512 and converted to greyscale by scikit-image",
    ),
    (
        "gravel",
        "gravel.png",
        "gravel",
        "Gravel (greyscale texture)",
        "CC0Textures (Gravel04)",
        "CC0",
        "The original image was downloaded from CC0Textures and licensed under the "
        "Creative Commons CC0 License.",
        "https://cc0textures.com/view.php?tex=Gravel04",
        "rescaled to 1024x1024, top-left 512x512 cropped, greyscale, by scikit-image",
    ),
    (
        "brick",
        "brick.png",
        "brick",
        "Brick wall (greyscale texture)",
        "CC0Textures (Bricks25)",
        "CC0",
        "The original image was downloaded from CC0Textures and licensed under the "
        "Creative Commons CC0 License.",
        "https://cc0textures.com/view.php?tex=Bricks25",
        "perspective-corrected, rotated, cropped, scaled and made greyscale by scikit-image",
    ),
    (
        "clock",
        "clock_motion.png",
        "clock",
        "Motion-blurred wall clock",
        "Stefan van der Walt",
        "Public domain",
        "Released into the public domain by the photographer (Stefan van der Walt).",
        "scikit-image sample data (skimage.data.clock)",
        "taken while moving the camera horizontally (deliberate motion blur)",
    ),
]


def main(data_dir: Path) -> None:
    entries = []
    for key, name, function, title, author, licence, statement, url, processing in PHOTOS:
        original = (data_dir / name).read_bytes()
        image = Image.open(io.BytesIO(original))
        image.load()
        if name.endswith(".png"):
            out_name = f"{key}.png"
            buffer = io.BytesIO()
            Image.fromarray(np.asarray(image)).save(buffer, "PNG", optimize=True)
            data = buffer.getvalue()
            check = Image.open(io.BytesIO(data))
            assert np.array_equal(np.asarray(check), np.asarray(image)), name
            storage = "PNG, re-compressed losslessly (pixels identical; metadata dropped)"
        else:
            out_name = f"{key}.jpg"
            data = original
            storage = "JPEG, byte-for-byte copy of scikit-image's file"
        (HERE / out_name).write_bytes(data)
        entries.append(
            {
                "key": key,
                "file": out_name,
                "title": title,
                "author": author,
                "source": f"scikit-image {SKIMAGE_VERSION} sample data, skimage.data.{function}() "
                f"(file data/{name})",
                "licence": licence,
                "licence_statement": statement,
                "url": url,
                "licence_reference": f"{FETCHERS} (docstring of {function})",
                "width": image.width,
                "height": image.height,
                "mode": "greyscale" if image.mode == "L" else "RGB",
                "processing": processing,
                "storage": storage,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "original_sha256": hashlib.sha256(original).hexdigest(),
            }
        )
    manifest = {
        "description": "Real photographs for the sampling page. Only CC0 / public-domain "
        "images from scikit-image's bundled sample data.",
        "photos": entries,
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

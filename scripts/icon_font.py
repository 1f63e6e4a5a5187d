"""Cut the installed Streamlit's icon font down to the icons the app can show (lib.ui.icon_font).

    .venv/bin/python scripts/icon_font.py

Writes ``assets/fonts/<Streamlit's font's name>.icons.woff2``: Material Symbols Rounded with
only the ligatures (word -> icon) of :func:`lib.ui.icon_font.words_the_app_can_show` that are
icons, the letters they are spelt with, and nothing else. Needs fontTools and Brotli (the dev
requirements). Run it again after upgrading Streamlit or naming a new icon: ``tests/test_icon_font.py``
fails until then. The same inputs give the same bytes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fontTools import subset  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from lib.ui.icon_font import cut_font, streamlit_font, words_the_app_can_show  # noqa: E402

#: What a ligature is spelt with: Material Symbols' icon names.
SPELLING = "abcdefghijklmnopqrstuvwxyz0123456789_"


def ligature_tables(font: TTFont) -> list:
    """The font's ligature substitutions (GSUB lookup type 4, unwrapped from extensions)."""
    tables = []
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if table.LookupType == 7 else table
            if table.LookupType == 4:
                tables.append(table)
    return tables


def icons(font: TTFont) -> dict[str, str]:
    """Each word the font draws as an icon -> the icon's glyph."""
    letters = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    words = {}
    for table in ligature_tables(font):
        for first, ligatures in table.ligatures.items():
            for ligature in ligatures:
                words["".join(letters.get(g, "\0") for g in (first, *ligature.Component))] = ligature.LigGlyph
    return words


def cut(source: Path, words: set[str]) -> tuple[bytes, list[str]]:
    """``source`` (a Material Symbols woff2) keeping only the icons of ``words``: its bytes
    (woff2), and the icons kept."""
    font = TTFont(source, recalcTimestamp=False)
    drawn = icons(font)
    kept = sorted(set(drawn) & words)
    glyphs = {drawn[word] for word in kept}
    for table in ligature_tables(font):
        for first in list(table.ligatures):
            table.ligatures[first] = [lig for lig in table.ligatures[first] if lig.LigGlyph in glyphs]
            if not table.ligatures[first]:
                del table.ligatures[first]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    cutter = subset.Subsetter(options)
    cutter.populate(glyphs=sorted(glyphs), unicodes=[ord(c) for c in SPELLING])
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), kept


def main() -> None:
    source = streamlit_font()
    if source is None:
        raise SystemExit("This Streamlit has no Material Symbols font to cut.")
    body, kept = cut(source, words_the_app_can_show())
    target = cut_font(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    print(
        f"{target.relative_to(ROOT)}: {len(kept)} icons, {len(body):,} bytes ({source.stat().st_size:,} in all)"
    )


if __name__ == "__main__":
    main()

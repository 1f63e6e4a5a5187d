"""The README: its tables render as tables, and its set-up commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _rendered() -> str:
    return MarkdownIt("commonmark").enable("table").render(README)


def test_no_line_of_literal_pipes_outside_a_table():
    """A blank line inside a table splits it: the rest renders as paragraphs of pipes."""
    html = _rendered()
    paragraphs = re.findall(r"<p>(.*?)</p>", html, flags=re.S)
    stray = [p for p in paragraphs if p.lstrip().startswith("|")]
    assert not stray, f"table rows rendered as text: {stray[:2]}"


def test_every_page_has_its_own_deep_link_table():
    html = _rendered()
    section = html.split("Deep links</h2>", 1)[1].split("<h2>", 1)[0]
    tables = re.findall(r"<table>.*?</table>", section, flags=re.S)
    pages = [p.stem.split("_", 1)[1] for p in sorted((ROOT / "pages").glob("*.py"))]
    assert len(tables) >= len(pages) + 1  # one per page, and one for every page's keys
    for page in pages:
        assert f"<code>/{page}</code>" in section, f"no deep-link table for /{page}"
    for table in tables:
        header = re.search(r"<thead>(.*?)</thead>", table, flags=re.S).group(1)
        assert "Range" in header and "Default" in header, "every parameter states its range and default"


def test_ci_runs_the_readme_test_command_verbatim():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command.strip() in ci.splitlines()
    assert all(b.strip().startswith("python3 ") for b in blocks[:2]), "bare Debian has no `python`"

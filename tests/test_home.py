"""The home page's argument (streamlit_app.py): its claims agree with one another and the talk."""

from __future__ import annotations

import re

from conftest import open_app, page_html

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib import talk
from lib.notation import magnitude_html


def test_the_unseen_share_is_the_largest_datasets_speck():
    """Claim 5's "≈ 100%" is 1 minus the share claim 3 shows, LAION-5B's (the talk's last step
    says the same), not another dataset's smaller speck."""
    html = page_html(open_app())
    laion = magnitude_html(comb.dataset_coverage(comb.count_images(comb.DEFAULT), ref.LAION_5B))
    unseen = re.search(r"1 − (.+?) for ([\w-]+) \(the share to 3 significant digits\)", html)
    assert unseen, "claim 5 names no dataset's share"
    assert unseen.groups() == (laion, "LAION-5B")
    assert "share of the space LAION-5B covers" in html and laion in html  # claim 3's figure
    assert talk.dataset_speck().dataset is ref.LAION_5B  # the talk's step 8

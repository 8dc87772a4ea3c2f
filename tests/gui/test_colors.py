"""Colour-blind readers tell conflict, hedged and agree apart: by colour under simulated deuteranopia,
protanopia and tritanopia (colorspacious, CAM02-UCS colour difference), and by a pattern that is not
colour at all."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from factdesk.gui.colors import DARK, LIGHT, Theme
from factdesk.model import Status

SIMULATIONS = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: -anopia
FLAGGED = (Status.CONFLICT, Status.HEDGED)
SHOWN = (Status.CONFLICT, Status.HEDGED, Status.AGREE)
# CAM02-UCS ΔE: about 1 is the smallest visible difference side by side; 10 reads at a glance
AT_A_GLANCE = 10.0


def rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255


def seen_by(colour: str, deficiency: str | None) -> np.ndarray:
    if deficiency is None:
        return rgb(colour)
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cspace_convert(rgb(colour), space, "sRGB1"), 0, 1)


def difference(a: str, b: str, deficiency: str | None) -> float:
    return float(deltaE(seen_by(a, deficiency), seen_by(b, deficiency), input_space="sRGB1"))


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("deficiency", [None, *SIMULATIONS])
def test_status_markers_stay_distinguishable(theme: Theme, deficiency: str | None) -> None:
    for a, b in combinations(SHOWN, 2):
        d = difference(theme.style(a).marker, theme.style(b).marker, deficiency)
        assert d >= AT_A_GLANCE, f"{a} vs {b} markers under {deficiency}: ΔE {d:.1f}"


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("deficiency", [None, *SIMULATIONS])
def test_conflict_and_hedged_highlights_stay_distinguishable(theme: Theme, deficiency: str | None) -> None:
    conflict, hedged = (theme.style(s) for s in FLAGGED)
    for field in ("background", "current", "underline"):
        a, b = getattr(conflict, field), getattr(hedged, field)
        d = difference(a, b, deficiency)
        assert d >= AT_A_GLANCE, f"{field} under {deficiency}: ΔE {d:.1f}"
    # and each highlight stands out from the page it is painted on
    page = "#ffffff" if not theme.dark else "#1e1e1e"
    for s in FLAGGED:
        d = difference(theme.style(s).background or page, page, deficiency)
        assert d >= AT_A_GLANCE, f"{s} background on the page under {deficiency}: ΔE {d:.1f}"


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_every_status_has_a_cue_that_is_not_colour(theme: Theme) -> None:
    styles = [theme.style(s) for s in SHOWN]
    assert len({s.underline_style for s in styles}) == len(SHOWN)  # solid, wavy, dashed
    assert len({s.mark for s in styles}) == len(SHOWN)  # ✖ ≈ ✔

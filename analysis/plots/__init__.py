"""Figures: the house style, the zone colours and the one save helper.

Every figure of the package is drawn under :func:`house_style` and written by
:func:`save_figure`, which gives the same bytes for the same data.
"""

from analysis.plots.save import save_figure
from analysis.plots.style import (
    CATEGORY_COLOURS,
    ZONE_COLOURS,
    add_footer,
    house_style,
    new_figure,
)

__all__ = [
    "save_figure",
    "house_style",
    "new_figure",
    "add_footer",
    "ZONE_COLOURS",
    "CATEGORY_COLOURS",
]

"""Figures: the house style, the zone colours and the one save helper.

Every figure of the package is drawn under :func:`house_style` and written by
:func:`save_figure`, which gives the same bytes for the same data
(:func:`save_figures`: in English and in Indonesian).
"""

from analysis.plots.save import save_figure, save_figures
from analysis.plots.style import (
    CATEGORY_COLOURS,
    ZONE_COLOURS,
    add_footer,
    house_style,
    new_figure,
)

__all__ = [
    "save_figure",
    "save_figures",
    "house_style",
    "new_figure",
    "add_footer",
    "ZONE_COLOURS",
    "CATEGORY_COLOURS",
]


def __getattr__(name):
    """Give the charts as ``analysis.plots.scores_by_year`` too, imported on first use."""
    import importlib

    if name.startswith("__"):
        raise AttributeError(name)
    charts = importlib.import_module("analysis.plots.charts")
    if name in charts.__all__:
        return getattr(charts, name)
    raise AttributeError(f"module 'analysis.plots' has no attribute {name!r}")

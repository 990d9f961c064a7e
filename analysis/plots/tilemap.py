"""An offline tile-grid map of Indonesia's provinces, drawn with matplotlib only.

Each province is one square placed roughly where it lies, west to east and
north to south. Two layouts: the 34 provinces of the 2019 frame (which the
Ombudsman assessed through 2024) and the 38 provinces since the 2022 Papua
split. No shapefile, no network.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataError

__all__ = ["TILES_38", "TILES_34", "SHORT", "tile_layout", "tile_map"]

# (column, row): row 0 is the north
TILES_38 = {
    "Aceh": (0, 0), "Sumatera Utara": (1, 0), "Sumatera Barat": (1, 1), "Riau": (2, 1),
    "Kepulauan Riau": (3, 0), "Jambi": (2, 2), "Bengkulu": (1, 2),
    "Sumatera Selatan": (2, 3), "Kepulauan Bangka Belitung": (3, 2), "Lampung": (2, 4),
    "Daerah Khusus Ibukota Jakarta": (4, 4), "Banten": (3, 5), "Jawa Barat": (4, 5),
    "Jawa Tengah": (5, 5), "Daerah Istimewa Yogyakarta": (5, 6), "Jawa Timur": (6, 5),
    "Bali": (7, 5), "Nusa Tenggara Barat": (8, 5), "Nusa Tenggara Timur": (9, 5),
    "Kalimantan Barat": (5, 2), "Kalimantan Tengah": (6, 3), "Kalimantan Selatan": (7, 4),
    "Kalimantan Timur": (7, 2), "Kalimantan Utara": (7, 1),
    "Gorontalo": (9, 1), "Sulawesi Utara": (10, 1), "Sulawesi Tengah": (9, 2),
    "Sulawesi Barat": (8, 3), "Sulawesi Selatan": (9, 3), "Sulawesi Tenggara": (10, 3),
    "Maluku Utara": (11, 1), "Maluku": (11, 3),
    "Papua Barat Daya": (12, 1), "Papua Barat": (13, 1), "Papua": (14, 1),
    "Papua Tengah": (13, 2), "Papua Pegunungan": (14, 2), "Papua Selatan": (14, 3),
}
TILES_34 = {k: v for k, v in TILES_38.items()
            if k not in {"Papua Barat Daya", "Papua Tengah", "Papua Pegunungan", "Papua Selatan"}}
TILES_34.update({"Papua Barat": (12, 1), "Papua": (13, 2)})

SHORT = {
    "Aceh": "ACEH", "Sumatera Utara": "SUMUT", "Sumatera Barat": "SUMBAR", "Riau": "RIAU",
    "Kepulauan Riau": "KEPRI", "Jambi": "JAMBI", "Bengkulu": "BKL", "Sumatera Selatan": "SUMSEL",
    "Kepulauan Bangka Belitung": "BABEL", "Lampung": "LAMP", "Daerah Khusus Ibukota Jakarta": "DKI",
    "Banten": "BTN", "Jawa Barat": "JABAR", "Jawa Tengah": "JATENG",
    "Daerah Istimewa Yogyakarta": "DIY", "Jawa Timur": "JATIM", "Bali": "BALI",
    "Nusa Tenggara Barat": "NTB", "Nusa Tenggara Timur": "NTT", "Kalimantan Barat": "KALBAR",
    "Kalimantan Tengah": "KALTENG", "Kalimantan Selatan": "KALSEL", "Kalimantan Timur": "KALTIM",
    "Kalimantan Utara": "KALTARA", "Gorontalo": "GTLO", "Sulawesi Utara": "SULUT",
    "Sulawesi Tengah": "SULTENG", "Sulawesi Barat": "SULBAR", "Sulawesi Selatan": "SULSEL",
    "Sulawesi Tenggara": "SULTRA", "Maluku Utara": "MALUT", "Maluku": "MALUKU",
    "Papua Barat Daya": "PBD", "Papua Barat": "PABAR", "Papua": "PAPUA",
    "Papua Tengah": "PTENG", "Papua Pegunungan": "PPEG", "Papua Selatan": "PSEL",
}


def tile_layout(provinces: int = 34) -> dict[str, tuple[int, int]]:
    """Return the tile positions for the 34- or 38-province set."""
    if provinces == 34:
        return dict(TILES_34)
    if provinces == 38:
        return dict(TILES_38)
    raise DataError.plain(f"no tile layout for {provinces!r} provinces",
                          "use 34 (the 2019 frame) or 38 (since the 2022 Papua split)")


def tile_map(ax, values: pd.Series, *, provinces: int | None = None, cmap="cividis",
             vmin: float | None = None, vmax: float | None = None, missing_label: str = "",
             fmt: str = "{:.1f}", lang: str = "en"):
    """Draw province tiles coloured by ``values`` on ``ax``; return the colour mappable.

    Parameters
    ----------
    ax : matplotlib Axes
        Where to draw.
    values : Series
        Index: province names as in ``regions`` (2025 names; "Papua" and
        "Papua Barat" also stand for the 2019 provinces). Missing provinces are
        drawn hatched and grey: no value published.
    provinces : {34, 38}, optional
        Layout; by default 38 if any of the four new Papua provinces has a
        value, else 34.
    cmap, vmin, vmax : colour scale. The scale always covers every value drawn:
        a value below ``vmin`` or above ``vmax`` widens it, so no tile is
        coloured as if it had the scale's end value.
    missing_label : str
        Text in the legend for missing tiles.
    fmt : str
        Format of the value printed in each tile.
    lang : {"en", "id"}
        Language of the numbers (decimal point or comma).
    """
    import matplotlib as mpl
    from matplotlib.patches import Rectangle

    from analysis.plots.text import fill

    new = {"Papua Barat Daya", "Papua Tengah", "Papua Pegunungan", "Papua Selatan"}
    if provinces is None:
        provinces = 38 if new & set(values.dropna().index) else 34
    layout = tile_layout(provinces)
    unknown = sorted(set(values.index) - set(layout))
    if unknown:
        raise DataError.plain(f"provinces not in the {provinces}-province layout: {unknown}",
                              "use province names as in data/regions.csv")
    finite = values.dropna().astype(float)
    low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    vmin = low if vmin is None else min(float(vmin), low)
    vmax = high if vmax is None else max(float(vmax), high)
    norm = mpl.colors.Normalize(vmin=vmin, vmax=vmax)
    colormap = mpl.colormaps[cmap]
    for name, (col, row) in sorted(layout.items()):
        v = values.get(name, np.nan)
        has = pd.notna(v)
        face = colormap(norm(float(v))) if has else "#eeeeee"
        ax.add_patch(Rectangle((col, -row), 0.94, 0.94, facecolor=face, edgecolor="white",
                               hatch=None if has else "///", linewidth=1.0))
        light = has and norm(float(v)) < 0.55
        colour = "white" if light else "#222222"
        ax.text(col + 0.47, -row + 0.62, SHORT[name], ha="center", va="center", fontsize=6.3,
                color=colour, fontweight="bold")
        if has:
            ax.text(col + 0.47, -row + 0.3, fill(fmt, lang, float(v)), ha="center", va="center",
                    fontsize=6.3, color=colour)
    cols = [c for c, _ in layout.values()]
    rows = [r for _, r in layout.values()]
    ax.set_xlim(min(cols) - 0.1, max(cols) + 1.05)
    ax.set_ylim(-max(rows) - 0.1, -min(rows) + 1.05)
    ax.set_aspect("equal")
    ax.axis("off")
    return mpl.cm.ScalarMappable(norm=norm, cmap=colormap)

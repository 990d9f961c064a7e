"""The one save helper: PNG and SVG with fixed metadata, so bytes are stable.

Two runs on the same data give byte-identical files: no dates, no software
version in the metadata, a fixed SVG hash salt, matplotlib's bundled DejaVu
fonts, the Agg renderer for PNG.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from analysis import paths
from analysis.errors import DataError

__all__ = ["save_figure"]

_NAME = re.compile(r"[a-z0-9][a-z0-9_\-]*")


def save_figure(fig, name: str, *, title: str = "", caption: str = "",
                directory: str | os.PathLike | None = None) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` and ``<name>.svg``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to write.
    name : str
        File stem: lower case letters, digits, ``_`` and ``-`` (for example
        ``"00_scores_by_year"``).
    title, caption : str
        Stored in the PNG's text chunks (``Title``, ``Description``) and in
        the SVG's metadata; the figure index ``figures/README.md`` is built
        from them. Start the name with the number of the notebook that draws
        it (``"01_..."``): the index groups figures by that prefix.
    directory : path, optional
        Where to write (default :func:`analysis.paths.figures_dir`).

    Returns
    -------
    list of Path
        The PNG and SVG paths written.

    Examples
    --------
    >>> from analysis.plots import new_figure, save_figure
    >>> fig, ax = new_figure()
    >>> _ = ax.plot([2021, 2022], [80, 90])
    >>> save_figure(fig, "example", directory=tmp_path)  # doctest: +SKIP
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DataError.plain(
            f"figure name {name!r} is not a valid file stem",
            "use lower case letters, digits, '_' and '-', e.g. '01_scores_by_year'",
        )
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis.plots.style import figure_rc

    out = Path(directory) if directory is not None else paths.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(fig)  # render with Agg whatever the session's backend
    png, svg = out / f"{name}.png", out / f"{name}.svg"
    text = {"Software": None, "Title": title or None, "Description": caption or None}
    with mpl.rc_context(figure_rc(fig)):
        fig.savefig(png, format="png", metadata=text)
        svg_meta = {"Date": None, "Creator": None}
        svg_meta.update({k: v for k, v in (("Title", title), ("Description", caption)) if v})
        fig.savefig(svg, format="svg", metadata=svg_meta)
    return [png, svg]

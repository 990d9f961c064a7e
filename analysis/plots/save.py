"""The one save helper: PNG and SVG with fixed metadata, so bytes are stable.

Two runs on the same data give byte-identical files: no dates, no software
version in the metadata, a fixed SVG hash salt, matplotlib's bundled DejaVu
fonts, the Agg renderer for PNG.

:func:`save_figures` writes a figure in both languages of the package, side
by side: ``<name>.png``/``.svg`` in English and ``<name>.id.png``/``.id.svg``
in Indonesian, each with its title and caption from the label table
(``analysis/plots/text.csv``, keys ``figure.<name>.title`` and
``figure.<name>.caption``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from analysis import paths
from analysis.errors import DataError

__all__ = ["save_figure", "save_figures", "figure_stem"]

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
    _check_name(name)
    return _write(fig, name, title, caption, directory)


def _check_name(name) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DataError.plain(
            f"figure name {name!r} is not a valid file stem",
            "use lower case letters, digits, '_' and '-', e.g. '01_scores_by_year'",
        )


def figure_stem(name: str, lang: str) -> str:
    """File stem of figure ``name`` in ``lang``: ``name`` in English, ``name.id`` in Indonesian.

    Examples
    --------
    >>> figure_stem("01_ceiling_share", "en"), figure_stem("01_ceiling_share", "id")
    ('01_ceiling_share', '01_ceiling_share.id')
    """
    return name if lang == "en" else f"{name}.{lang}"


def save_figures(name: str, build, *, text: str | None = None,
                 directory: str | os.PathLike | None = None, **fmt):
    """Build and write figure ``name`` in English and in Indonesian; return the English figure.

    Parameters
    ----------
    name : str
        File stem of the English files (as :func:`save_figure`); the
        Indonesian files are ``<name>.id.png`` and ``<name>.id.svg``.
    build : callable
        ``build(lang) -> Figure``: draws the figure in ``lang`` ("en", "id"),
        every text in that language. Called once per language, in one process.
    text : str, optional
        Key of the figure's rows in ``analysis/plots/text.csv`` (default
        ``name``): its title and caption are ``figure.<text>.title`` and
        ``figure.<text>.caption``.
    directory : path, optional
        Where to write (default :func:`analysis.paths.figures_dir`).
    **fmt
        Values of the title's and caption's format fields (``{year}``).

    Returns
    -------
    matplotlib.figure.Figure
        The English figure, for the notebook to show.

    Examples
    --------
    >>> import analysis
    >>> from analysis.plots import save_figures
    >>> from analysis.plots.charts import scores_by_year
    >>> omb = analysis.load("ombudsman")
    >>> fig = save_figures("00_scores_by_year",
    ...                    lambda lang: scores_by_year(omb, lang=lang))  # doctest: +SKIP
    """
    from analysis.plots.text import LANGS, label

    _check_name(name)
    key = f"figure.{text or name}"
    shown = None
    for lang in LANGS:
        fig = build(lang)
        _write(fig, figure_stem(name, lang), label(f"{key}.title", lang, **fmt),
               label(f"{key}.caption", lang, **fmt), directory)
        shown = fig if shown is None else shown
    return shown


def _write(fig, stem: str, title: str, caption: str, directory) -> list[Path]:
    """Write ``fig`` as ``<stem>.png`` and ``<stem>.svg`` with fixed metadata."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from analysis.plots.style import figure_rc

    out = Path(directory) if directory is not None else paths.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(fig)  # render with Agg whatever the session's backend
    png, svg = out / f"{stem}.png", out / f"{stem}.svg"
    text = {"Software": None, "Title": title or None, "Description": caption or None}
    with mpl.rc_context(figure_rc(fig)):
        fig.savefig(png, format="png", metadata=text)
        svg_meta = {"Date": None, "Creator": None}
        svg_meta.update({k: v for k, v in (("Title", title), ("Description", caption)) if v})
        fig.savefig(svg, format="svg", metadata=svg_meta)
    return [png, svg]

"""House style: colours that mean the same everywhere, fonts, the footer.

Colours come from the Okabe-Ito palette, which stays distinguishable for the
common forms of colour-blindness. Zone colours are fixed here once: hijau
(green) is Okabe-Ito bluish green, kuning (yellow) is Okabe-Ito yellow-orange,
merah (red) is vermillion. Figures that show zones also label them in text, so
colour is never the only cue.
"""

from __future__ import annotations

from contextlib import contextmanager

__all__ = ["ZONE_COLOURS", "CATEGORY_COLOURS", "PALETTE", "RC", "house_style",
           "new_figure", "add_footer", "localise_numbers", "figure_png", "figure_rc",
           "enable_notebook_display"]

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

ZONE_COLOURS = {
    "hijau": PALETTE["bluish_green"],
    "kuning": PALETTE["orange"],
    "merah": PALETTE["vermillion"],
}

# PEKPPP categories from best to worst, a sequential ramp that stays readable
# in grey: dark blue for A ("Pelayanan Prima") to vermillion for F.
CATEGORY_COLOURS = {
    "A": "#0072B2", "A-": "#3A8FC4", "B": "#56B4E9", "B-": "#8FCBEF",
    "C": "#F0E442", "C-": "#E6C02E", "D": "#E69F00", "E": "#DD7F00", "F": "#D55E00",
}

RC = {
    "font.family": "DejaVu Sans",  # bundled with matplotlib: same glyphs everywhere
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "penilaian-pelayanan-publik",
    "svg.fonttype": "path",
    "path.simplify": True,
}


@contextmanager
def house_style():
    """Apply the house style inside a ``with`` block (matplotlib rc context)."""
    import matplotlib as mpl

    with mpl.rc_context(RC):
        yield


def new_figure(nrows: int = 1, ncols: int = 1, *, width: float = 7.5, height: float = 4.5,
               **kwargs):
    """Create a figure and axes in the house style.

    Returns ``(fig, ax)`` like :func:`matplotlib.pyplot.subplots`, but the
    figure is built from :class:`matplotlib.figure.Figure` directly, so no
    global pyplot state is touched and nothing depends on the backend.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(RC):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, **kwargs)
    fig._analysis_rc = dict(RC)  # save_figure re-applies the style on write
    enable_notebook_display()
    return fig, axes


def figure_rc(fig) -> dict:
    """Return the matplotlib settings to draw ``fig`` with: the house style and its own.

    :func:`new_figure` records the style a figure was made with; the save
    helper and :func:`figure_png` draw inside these settings, so a figure
    looks the same whatever the session's settings are when it is written.
    """
    return {**RC, **getattr(fig, "_analysis_rc", {})}


def figure_png(fig, dpi: int = 100) -> bytes:
    """Return ``fig`` rendered as PNG bytes, with the house style and the Agg renderer.

    This is what a notebook shows inline (and what the explorer and entity
    profiles embed); the files in ``figures/`` are written by
    :func:`analysis.plots.save_figure` at a higher resolution.
    """
    import io

    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buf = io.BytesIO()
    with mpl.rc_context(figure_rc(fig)):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _figure_text(fig, printer, cycle) -> None:
    """Plain-text stand-in shown next to the image (never matplotlib's ``<Figure size ...>``)."""
    title = ""
    for ax in fig.axes:
        title = ax.get_title(loc="left") or ax.get_title()
        if title:
            break
    printer.text(f"[figure: {title}]" if title else "[figure]")


def enable_notebook_display() -> bool:
    """Show matplotlib figures as images when they are a cell's value or displayed.

    The package builds its figures without pyplot, under the Agg backend, so
    IPython's inline machinery never sees them and a notebook would print
    ``<Figure size 900x480 with 1 Axes>`` instead of the picture. This
    registers a PNG formatter for :class:`matplotlib.figure.Figure` on the
    running IPython shell (JupyterLab, nbclient, the report's executed
    copies). Outside IPython it does nothing. Called by :func:`new_figure`,
    so every figure of the package displays; safe to call again.

    Returns
    -------
    bool
        True when a shell was found and the formatter is in place.
    """
    import sys

    if "IPython" not in sys.modules:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    from matplotlib.figure import Figure

    formatters = shell.display_formatter.formatters
    formatters["image/png"].for_type(Figure, figure_png)
    formatters["text/plain"].for_type(Figure, _figure_text)
    return True


def add_footer(fig, source: str, coverage: str | None = None, version: str | None = None,
               lang: str = "en") -> None:
    """Write the source line (and coverage note) under a figure.

    Every chart calls it last, so it also gives the figure its language's
    numbers: in Indonesian, the axes' tick numbers are written with a decimal
    comma (:func:`localise_numbers`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to write under.
    source : str
        Who published the values, e.g. ``"Ombudsman RI via 12 documents, see
        data/sources.csv"``.
    coverage : str, optional
        What the data covers and what it lacks, e.g. ``"n = 9 entity-years of
        ~587 assessed per year"``.
    version : str, optional
        Data version (default :func:`analysis.data_version`).
    lang : {"en", "id"}
        Language of the labels (English or Indonesian).
    """
    if version is None:
        from analysis.loading import data_version

        version = data_version()
    import textwrap

    import matplotlib as mpl

    from analysis.plots.text import label

    width = int(fig.get_figwidth() * 17)  # characters of 7.5 pt text per line
    lines = textwrap.wrap(label("footer.source", lang, text=source), width)
    if coverage:
        lines += textwrap.wrap(label("footer.coverage", lang, text=coverage), width)
    lines.append(label("footer.version", lang, version=version))

    with mpl.rc_context(RC):
        fig.supxlabel("\n".join(lines), x=0.0, ha="left", fontsize=7.5, color="#444444",
                      linespacing=1.4)
    localise_numbers(fig, lang)


def localise_numbers(fig, lang: str) -> None:
    """Write the tick numbers of every axis of ``fig`` as ``lang`` writes numbers.

    English is left as matplotlib draws it (``3.5``); in Indonesian each axis
    that formats its own numbers (not tick labels set as text) writes them
    with a decimal comma (``3,5``), through :func:`analysis.plots.text.number`.
    """
    if lang == "en":
        return
    from matplotlib.ticker import ScalarFormatter

    from analysis.plots.text import number

    class _Localised(ScalarFormatter):
        def __call__(self, x, pos=None):
            text = super().__call__(x, pos).replace("\N{MINUS SIGN}", "-")
            try:
                value = float(text)
            except ValueError:
                return text
            decimals = len(text.partition(".")[2])
            return number(value, lang, f".{decimals}f").replace("-", "\N{MINUS SIGN}")

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(_Localised())

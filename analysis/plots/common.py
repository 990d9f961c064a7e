"""Helpers shared by the chart modules: source line, footer, era lines, short names.

The era lines and the gap between eras come from ``data/eras.csv`` (through
:func:`analysis.scales.eras`), never from years typed here, so a new era
reaches every chart with no code change.
"""

from __future__ import annotations

import pandas as pd

from analysis.plots.style import add_footer
from analysis.plots.text import label
from analysis.scales import era_break_positions

__all__ = ["source_line", "published"]

_ERA_LINE = {"color": "#555555", "linestyle": (0, (4, 3)), "linewidth": 0.9}


def source_line(frame: pd.DataFrame, publisher: str = "Ombudsman RI", lang: str = "en") -> str:
    """Return the figure's source line: who published, via how many documents."""
    n = frame["source_id"].nunique()
    return label("source.via_one" if n == 1 else "source.via_many", lang, publisher=publisher,
                 n=n)


def published(lang: str, publisher: str = "Ombudsman RI") -> str:
    """Return the source line of a figure whose documents are not counted."""
    return label("source.published", lang, publisher=publisher)


def _local_types() -> list[str]:
    """Entity types of local governments (those with a region), in the descriptor's order."""
    from analysis.loading import load
    from analysis.scales import entity_types

    local = set(load("regions")["type"].astype(str))
    return [t for t in entity_types() if t in local]


def _era_lines(ax, years, lang: str, instrument: str = "ombudsman") -> None:
    """Mark the method-era breaks that fall inside the plotted years (first one labelled)."""
    lo, hi = min(years), max(years)
    first = True
    for b in era_break_positions(instrument):
        if lo < b < hi:
            ax.axvline(b, zorder=1, label=label("era_break", lang) if first else None,
                       **_ERA_LINE)
            first = False


def _era_lines_between(ax, years, instrument: str = "ombudsman") -> list[float]:
    """On a categorical axis (one slot per year), mark breaks between neighbouring slots.

    Returns the positions drawn (slot ``i + 0.5`` between ``years[i]`` and ``years[i + 1]``).
    """
    breaks = era_break_positions(instrument)
    drawn = []
    for i, y in enumerate(years[:-1]):
        if any(y < b < years[i + 1] for b in breaks):
            ax.axvline(i + 0.5, **_ERA_LINE)
            drawn.append(i + 0.5)
    return drawn


def _join(note: str, extra: str | None, *, extra_first: bool = False) -> str:
    """Join the chart's own note and a note passed by the caller with "; "."""
    if not extra:
        return note
    return f"{extra}; {note}" if extra_first else f"{note}; {extra}"


def _finish(fig, frame, publisher, lang, coverage=None):
    from analysis.coverage import coverage_note

    note = coverage if coverage is not None else (
        coverage_note(frame, lang=lang) if "score" in frame else None)
    add_footer(fig, source_line(frame, publisher, lang), note, lang=lang)
    return fig


def _short_name(entity: str) -> str:
    """Entity name shortened for a point label ("Kab. Kupang", "Prov. Jambi")."""
    return entity.replace("Provinsi ", "Prov. ").replace("Kabupaten ", "Kab. ")


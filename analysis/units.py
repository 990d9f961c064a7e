"""What a government's score is made of: its service units.

The Ombudsman assesses a government through a handful of its service units
(loci): the civil registration office (Dukcapil), the one-stop licensing office
(DPMPTSP), the education, health and social affairs offices, two Puskesmas,
from 2025 a hospital and a school. PEKPPP evaluates a few units of each
provider too. The tables ``ombudsman_units`` and ``pekppp_units`` hold the unit
values that sources printed, each with a ``unit_type`` from
:mod:`analysis.unit_types`.

This module answers, with DataFrames:

* which kinds of service score highest and lowest (:func:`scores_by_type`);
* how wide the gap is between a government's best and worst unit
  (:func:`unit_spread`);
* how the entity's own score relates to its units (:func:`entity_vs_units`,
  :func:`entity_vs_units_summary`);
* which units recur across years (:func:`recurring_units`);
* one entity's units, for profiles and the explorer (:func:`entity_units`).

Scores are compared only within a method era (:func:`analysis.scales.method_era`)
and only on the 0-100 scale: rows of a 0-110 survey (see :func:`unit_scores`)
are kept in the tables but left out of every statistic.

The functions live in three modules, by idea, and are all importable from
here: :mod:`analysis.unit_rows` (the rows: :func:`unit_scores`,
:func:`entity_units`), :mod:`analysis.unit_summaries` (coverage, shares,
scores by type, spread, gains) and :mod:`analysis.unit_matching` (units
against their entity's own value, and across years).
"""

from __future__ import annotations

from analysis.unit_matching import (
    entity_vs_units,
    entity_vs_units_summary,
    pekppp_unit_values,
    recurring_units,
)
from analysis.unit_rows import entity_units, unit_scores
from analysis.unit_summaries import (
    scores_by_type,
    unit_coverage,
    unit_gains,
    unit_spread,
    unit_type_shares,
)

__all__ = [
    "unit_scores",
    "unit_coverage",
    "unit_type_shares",
    "scores_by_type",
    "unit_spread",
    "entity_vs_units",
    "entity_vs_units_summary",
    "unit_gains",
    "pekppp_unit_values",
    "recurring_units",
    "entity_units",
]

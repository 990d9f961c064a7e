"""The coded values the tables allow, read from the package's descriptor and code tables.

Nothing here is typed again: zones, grades and categories are those of
:mod:`analysis.scales` (the descriptor's enumerations); opinion levels come from
``data/opinion_codes.csv``.
"""

from __future__ import annotations

from functools import cache

import analysis
from analysis import scales
from analysis.loading import enumeration


@cache
def zones() -> tuple[str, ...]:
    """The Ombudsman zones (merah, kuning, hijau), from analysis.scales."""
    return scales.ZONES


@cache
def grades() -> tuple[str, ...]:
    """The Ombudsman's opinion grades A-E."""
    return scales.GRADES


@cache
def categories() -> tuple[str, ...]:
    """The PEKPPP categories F ... A."""
    return scales.CATEGORIES


@cache
def assessors() -> tuple[str, ...]:
    """Who assessed a PEKPPP row: ministry or self."""
    return enumeration("pekppp", "assessor")


@cache
def summary_types() -> tuple[str, ...]:
    """The entity types of a summary row: the five types, kabupaten+kota and all."""
    return enumeration("ombudsman_summary", "entity_type")


@cache
def opinion_levels() -> dict[str, str]:
    """The level word of each graded opinion ("tertinggi" -> "a"), from the meanings of
    the grades A-E in data/opinion_codes.csv ("Kualitas Tertinggi")."""
    table = analysis.load("opinion_codes")
    table = table[table["code"].isin(grades())]
    return {str(m).lower().removeprefix("kualitas "): str(c).lower()
            for c, m in zip(table["code"], table["meaning"], strict=True)}

"""Ranks with intervals, never bare league tables.

A compliance score is partly built from a survey of service users (about 30
per local government for the "output" dimension), so two close scores may
swap places on another draw of users. :func:`rank_intervals` shows how far a
rank could move under a stated sampling assumption, as the World Bank's
governance indicators do for their percentile ranks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["score_se", "rank_intervals"]


def score_se(score, n_users: int = 30):
    """Return the standard error of a 0-100 score read as a share from ``n_users`` answers.

    ``se = 100 * sqrt(p (1 - p) / n)`` with ``p = score / 100`` clipped to
    [0.02, 0.98], so that no score is treated as certain. This is an
    *assumption* for illustration: the Ombudsman does not publish standard
    errors, and only part of the score comes from the user survey.

    Examples
    --------
    >>> from analysis.ranking import score_se
    >>> round(float(score_se(90.0)), 2)
    5.48
    """
    p = np.clip(np.asarray(score, dtype=float) / 100, 0.02, 0.98)
    return 100 * np.sqrt(p * (1 - p) / n_users)


def rank_intervals(frame: pd.DataFrame, value: str = "score", by=("year", "entity_type"),
                   n_users: int = 30, level: float = 0.90, n_sim: int = 4000,
                   seed: int = 20251231) -> pd.DataFrame:
    """Rank of each entity within its group, with a simulated interval.

    Each score is redrawn ``n_sim`` times from a normal distribution with the
    standard error of :func:`score_se`; entities are ranked within their group
    (1 = highest score) in each draw; the interval holds the central
    ``level`` share of the ranks. Deterministic for a given ``seed``.

    Parameters
    ----------
    frame : DataFrame
        Rows with ``entity``, the ``by`` columns and ``value``.
    value : str
        Score column.
    by : sequence of str
        Groups within which entities are ranked (default year and type).
    n_users : int
        Assumed respondents per entity.
    level : float
        Coverage of the interval.
    n_sim : int
        Number of draws.
    seed : int
        Seed of the random generator.

    Returns
    -------
    DataFrame
        ``entity``, the ``by`` columns, ``score``, ``se``, ``rank`` (observed,
        1 = best, ties share the best rank), ``rank_low``, ``rank_high``,
        ``n_ranked`` (entities in the group). Ranks are within *this data*,
        which is a selected sample, not within all assessed entities.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.ranking import rank_intervals
    >>> f = pd.DataFrame({"entity": list("ABC"), "year": 2023, "entity_type": "kota",
    ...                   "score": [99.0, 98.9, 60.0]})
    >>> r = rank_intervals(f)
    >>> r[["entity", "rank", "rank_low", "rank_high"]].values.tolist()
    [['A', 1, 1, 2], ['B', 2, 1, 2], ['C', 3, 3, 3]]
    """
    rng = np.random.default_rng(seed)
    by = list(by)
    data = frame[frame[value].notna()].copy()
    data = data.sort_values([*by, value, "entity"], ascending=[True] * len(by) + [False, True])
    parts = []
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    for _, g in data.groupby(by, observed=True, sort=True):
        s = g[value].to_numpy(dtype=float)
        se = score_se(s, n_users)
        draws = s + rng.standard_normal((n_sim, len(s))) * se
        # rank 1 = highest; argsort of argsort gives ranks per draw
        ranks = (-draws).argsort(axis=1).argsort(axis=1) + 1
        observed = pd.Series(s).rank(ascending=False, method="min").to_numpy().astype(int)
        part = g[["entity", *by]].copy()
        part["score"] = s
        part["se"] = se
        part["rank"] = observed
        part["rank_low"] = np.floor(np.quantile(ranks, lo_q, axis=0)).astype(int)
        part["rank_high"] = np.ceil(np.quantile(ranks, hi_q, axis=0)).astype(int)
        part["n_ranked"] = len(s)
        parts.append(part)
    cols = ["entity", *by, "score", "se", "rank", "rank_low", "rank_high", "n_ranked"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]

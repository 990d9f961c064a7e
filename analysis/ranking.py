"""Ranks with intervals, never bare league tables.

The Ombudsman publishes no standard errors, and its score is built mostly
from checklists and assessors' judgement, not from a survey whose sampling
error could be computed. What the data do allow is a calibration: if the
same entities' scores in adjacent years of one method era correlate at r,
and true scores did not change between those years, one year's score
carries measurement error with SD ``sd * sqrt(1 - r)``
(:func:`analysis.trends.retest_correlations`). :func:`rank_intervals` redraws every
score with such an error and shows how far each rank could move, over a
*range* of plausible error SDs. It is an assumption, labelled as one; the
intervals cover measurement noise only, not which entities got published.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis.errors import DataError

__all__ = ["measurement_sd", "rank_intervals"]


def measurement_sd(frame: pd.DataFrame | None = None, era: str | None = None
                   ) -> tuple[float, float]:
    """Range of plausible measurement-error SDs of one year's score, from test-retest.

    The smallest and largest ``sd_error`` of
    :func:`analysis.trends.retest_correlations` over the adjacent-year pairs of one
    method era (each pair with at least 30 entities, so that r is not
    mostly noise itself).

    Parameters
    ----------
    frame : DataFrame, optional
        Rows of ``ombudsman`` (default: the curated table).
    era : str, optional
        A method era such as ``"ombudsman-2022"`` (default: the latest era
        with enough pairs).

    Returns
    -------
    (float, float)
        Lowest and highest SD, in points.

    Raises
    ------
    analysis.DataError
        When no adjacent-year pair of the era has 30 entities.

    Examples
    --------
    >>> from analysis.ranking import measurement_sd
    >>> lo, hi = measurement_sd(era="ombudsman-2022")
    >>> bool(0 < lo <= hi)
    True
    """
    from analysis.loading import load
    from analysis.trends import retest_correlations

    frame = load("ombudsman") if frame is None else frame
    t = retest_correlations(frame)
    t = t[t["n"] >= 30]
    if era is None and len(t):
        era = sorted(t["era"])[-1]
    t = t[t["era"] == era]
    if t.empty:
        raise DataError.plain(f"no adjacent years with 30 entities in both in era {era!r}",
                              "pass the measurement SD explicitly: "
                              "rank_intervals(..., sd=(lo, hi))")
    return float(t["sd_error"].min()), float(t["sd_error"].max())


def _group_seed(seed: int, key) -> np.random.Generator:
    """Return a generator seeded by the base seed and the group's key only."""
    text = repr(tuple(str(k) for k in (key if isinstance(key, tuple) else (key,))))
    digest = hashlib.sha256(f"{seed}|{text}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _ranks_under(s: np.ndarray, sd: float, rng: np.random.Generator, n_sim: int,
                 level: float) -> tuple[np.ndarray, np.ndarray]:
    draws = s + rng.standard_normal((n_sim, len(s))) * sd
    # ranks (1 = highest) scattered from one argsort: the inverse permutation,
    # without a second sort
    ranks = np.empty(draws.shape, dtype=np.int32)
    np.put_along_axis(ranks, np.argsort(-draws, axis=1),
                      np.arange(1, len(s) + 1, dtype=np.int32)[None, :], axis=1)
    del draws
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    return (np.floor(np.quantile(ranks, lo_q, axis=0)).astype(int),
            np.ceil(np.quantile(ranks, hi_q, axis=0)).astype(int))


def rank_intervals(frame: pd.DataFrame, value: str = "score", by=("year", "entity_type"),
                   sd=None, level: float = 0.90, n_sim: int = 4000,
                   seed: int = 20251231, n_frame: int | None = None,
                   n_users: int | None = None) -> pd.DataFrame:
    """Rank of each entity within its group, with intervals under assumed measurement error.

    Each score is redrawn ``n_sim`` times as ``score + N(0, sd^2)``; entities
    are ranked within their group (1 = highest) in each draw; an interval
    holds the central ``level`` share of the ranks. This is done for the
    lowest and the highest plausible SD, so the reader sees how much the
    intervals depend on the assumption. Each group's draws come from a
    generator seeded by ``seed`` and the group's key alone, so a group's
    result does not depend on which other groups are in ``frame``.

    Parameters
    ----------
    frame : DataFrame
        Rows with ``entity``, the ``by`` columns and ``value``.
    value : str
        Score column.
    by : sequence of str
        Groups within which entities are ranked (default year and type).
    sd : float or (float, float), optional
        Measurement-error SD of one score (points); default
        :func:`measurement_sd` of the curated Ombudsman table (only for
        ``value="score"``).
    level : float
        Coverage of the intervals.
    n_sim : int
        Number of draws.
    seed : int
        Base seed.
    n_frame : int, optional
        Size of the group in the assessed population (e.g. 34 provinces); the
        entities without a published score could rank anywhere, so the rank
        among all of them lies between ``rank_low`` and ``rank_high`` plus
        the number missing (``frame_rank_high``).
    n_users : int, optional
        Ignored, with a FutureWarning: the former model read a score as a share
        from ``n_users`` respondents, a number no source gives. Kept only so
        that old calls keep working; pass ``sd`` instead.

    Returns
    -------
    DataFrame
        ``entity``, the ``by`` columns, ``score``, ``rank`` (observed, 1 =
        best, ties share the best rank), ``sd_low``, ``sd_high``,
        ``rank_low``, ``rank_high`` (interval under ``sd_high``, the wider),
        ``rank_low_sd_low``, ``rank_high_sd_low`` (under ``sd_low``),
        ``n_ranked`` (entities of the group with a value), ``n_frame`` (size
        of the group in the population, when given), ``frame_rank_high``
        (``rank_high`` plus the entities without a value). Ranks are among
        the published values, not the official ranking.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.ranking import rank_intervals
    >>> f = pd.DataFrame({"entity": list("ABC"), "year": 2023, "entity_type": "kota",
    ...                   "score": [99.0, 98.9, 60.0]})
    >>> r = rank_intervals(f, sd=(1.0, 3.0))
    >>> r[["entity", "rank", "rank_low", "rank_high"]].values.tolist()
    [['A', 1, 1, 2], ['B', 2, 1, 2], ['C', 3, 3, 3]]
    """
    if n_users is not None:
        _warn_n_users()
    sd_low, sd_high = _sd_range(sd, value)
    by = list(by)
    data = frame[frame[value].notna()].copy()
    data = data.sort_values([*by, value, "entity"], ascending=[True] * len(by) + [False, True])
    parts = [_group_ranks(g, key, value, by, (sd_low, sd_high), level, n_sim, seed, n_frame)
             for key, g in data.groupby(by, observed=True, sort=True)]
    cols = ["entity", *by, "score", "rank", "sd_low", "sd_high", "rank_low", "rank_high",
            "rank_low_sd_low", "rank_high_sd_low", "n_ranked", "n_frame", "frame_rank_high"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def _warn_n_users() -> None:
    import warnings

    warnings.warn("rank_intervals ignores n_users: a score is no longer read as a share "
                  "from n_users respondents (no source gives that number); the intervals "
                  "use a measurement-error SD (sd=, default calibrated by measurement_sd)",
                  FutureWarning, stacklevel=3)


def _sd_range(sd, value: str) -> tuple[float, float]:
    """Return (lowest, highest) measurement SD: as given, or calibrated for scores."""
    if sd is None:
        if value != "score":
            raise DataError.plain(f"no default measurement SD for {value!r}",
                                  "pass sd=(low, high) in the unit of the value")
        sd = measurement_sd()
    sd_low, sd_high = (float(sd), float(sd)) if np.ndim(sd) == 0 else map(float, sd)
    return sd_low, sd_high


def _group_ranks(g: pd.DataFrame, key, value: str, by: list[str], sds: tuple[float, float],
                 level: float, n_sim: int, seed: int, n_frame: int | None) -> pd.DataFrame:
    """Return the rows of one group (sorted best first) with their ranks and intervals."""
    sd_low, sd_high = sds
    s = g[value].to_numpy(dtype=float)
    rng = _group_seed(seed, key)
    lo_small, hi_small = _ranks_under(s, sd_low, rng, n_sim, level)
    lo_big, hi_big = _ranks_under(s, sd_high, rng, n_sim, level)
    part = g[["entity", *by]].copy()
    part["score"] = s
    part["rank"] = pd.Series(s).rank(ascending=False, method="min").to_numpy().astype(int)
    part["sd_low"], part["sd_high"] = sd_low, sd_high
    part["rank_low"], part["rank_high"] = lo_big, hi_big
    part["rank_low_sd_low"], part["rank_high_sd_low"] = lo_small, hi_small
    part["n_ranked"] = len(s)
    part["n_frame"] = n_frame if n_frame is not None else pd.NA
    part["frame_rank_high"] = hi_big + (max(0, n_frame - len(s)) if n_frame else 0)
    return part

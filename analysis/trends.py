"""Change over time, within method eras: zone shares, the ceiling, trajectories, trends.

Every function here keeps the method eras apart (see
:func:`analysis.scales.method_era`): shares are labelled with their era,
trend models are fitted per era, and a comparison of raw scores across an era
break is refused unless asked for explicitly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.scales import check_same_era, method_era

__all__ = ["zone_shares_over_time", "ceiling_share", "wilson_interval",
           "regression_to_mean", "within_era_trend"]


def wilson_interval(k, n, level: float = 0.95):
    """Wilson score interval for a proportion k / n (vectorized).

    Examples
    --------
    >>> from analysis.trends import wilson_interval
    >>> lo, hi = wilson_interval(5, 10)
    >>> round(float(lo), 3), round(float(hi), 3)
    (0.237, 0.763)
    """
    from scipy import stats

    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = stats.norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def zone_shares_over_time(summary: pd.DataFrame, entity_type: str = "all") -> pd.DataFrame:
    """National zone shares per year from the printed counts.

    Where a year printed the five opinion counts (A-E) but not the zone totals,
    the zones are computed from them by the official mapping (A, B = hijau;
    C = kuning; D, E = merah) and marked ``basis = "from opinion counts"``.

    Parameters
    ----------
    summary : DataFrame
        Rows of ``load("ombudsman_summary")``.
    entity_type : str
        ``all`` or a type.

    Returns
    -------
    DataFrame
        One row per year with complete counts: ``year``, ``era``, ``n``,
        ``hijau``, ``kuning``, ``merah`` (shares, 0-1), ``basis``,
        ``source_id``.
    """
    s = summary[(summary["scope"] == "national") & (summary["entity_type"] == entity_type)]
    rows = []
    for r in s.sort_values("year").itertuples():
        counts = [r.n_hijau, r.n_kuning, r.n_merah]
        basis = "printed zone counts"
        if any(pd.isna(c) for c in counts):
            ops = [getattr(r, f"n_{x}") for x in "abcde"]
            if any(pd.isna(c) for c in ops):
                continue
            counts = [ops[0] + ops[1], ops[2], ops[3] + ops[4]]
            basis = "from opinion counts"
        total = sum(int(c) for c in counts)
        if pd.notna(r.n_assessed) and int(r.n_assessed) != total:
            raise DataError.at("data/ombudsman_summary.csv", column="n_assessed",
                               value=int(r.n_assessed),
                               message=f"zone counts of {r.year} add up to {total}",
                               hint="check the source; the counts must add up")
        rows.append({"year": int(r.year), "era": method_era("ombudsman", int(r.year)),
                     "n": total, "hijau": counts[0] / total, "kuning": counts[1] / total,
                     "merah": counts[2] / total, "basis": basis, "source_id": r.source_id})
    return pd.DataFrame(rows, columns=["year", "era", "n", "hijau", "kuning", "merah",
                                       "basis", "source_id"])


def ceiling_share(frame: pd.DataFrame, threshold: float = 95.0, by=("year",),
                  level: float = 0.95) -> pd.DataFrame:
    """Share of scores at or above ``threshold`` per group, with a Wilson interval.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``era``, ``n`` (scores), ``k`` (at or above),
        ``share``, ``ci_low``, ``ci_high``. Describes this sample, not the population.
    """
    by = list(by)
    data = frame[frame["score"].notna()]
    g = data.groupby(by, observed=True)["score"]
    out = pd.DataFrame({"n": g.size(), "k": g.apply(lambda s: int((s >= threshold).sum()))})
    out = out.reset_index()
    out["share"] = out["k"] / out["n"]
    out["ci_low"], out["ci_high"] = wilson_interval(out["k"], out["n"], level)
    out.insert(len(by), "era", method_era("ombudsman", out["year"].to_numpy()))
    return out


def regression_to_mean(frame: pd.DataFrame, start: int, end: int, *,
                       allow_cross_era: bool = False) -> tuple[pd.DataFrame, pd.Series]:
    """Change against baseline between two years, with what pure regression to the mean gives.

    Under no true change and a measurement with reliability rho, the expected
    change is ``(rho - 1) * (baseline - mean)``: low scorers "improve" and high
    scorers "decline" by chance alone. With rho estimated by the correlation of
    the two years, the pure-RTM slope is ``r - 1``. Oldham's correlation
    (change against the mean of the two years) is near zero when baseline and
    change are unrelated beyond RTM (with equal variances).

    Returns
    -------
    (DataFrame, Series)
        Pairs: ``entity``, ``baseline``, ``followup``, ``change``, ``mean``.
        Summary: ``n``, ``r`` (baseline-followup correlation),
        ``slope_observed`` (OLS of change on baseline), ``slope_rtm`` (r - 1),
        ``oldham_r``, ``oldham_p``, ``sd_ratio`` (sd followup / sd baseline).

    Raises
    ------
    analysis.DataError
        When the two years lie in different method eras and ``allow_cross_era``
        is False.
    """
    from scipy import stats

    check_same_era(pd.DataFrame({"year": [start, end]}), allow_cross_era=allow_cross_era)
    data = frame[frame["score"].notna() & frame["year"].isin([start, end])]
    wide = data.pivot_table(index="entity", columns="year", values="score",
                            aggfunc="first").dropna()
    if start not in wide or end not in wide:
        wide = pd.DataFrame(columns=[start, end], dtype=float)
    pairs = pd.DataFrame({"entity": wide.index.astype(str),
                          "baseline": wide[start].to_numpy(dtype=float),
                          "followup": wide[end].to_numpy(dtype=float)})
    pairs["change"] = pairs["followup"] - pairs["baseline"]
    pairs["mean"] = (pairs["followup"] + pairs["baseline"]) / 2
    n = len(pairs)
    summary = {"n": n, "r": np.nan, "slope_observed": np.nan, "slope_rtm": np.nan,
               "oldham_r": np.nan, "oldham_p": np.nan, "sd_ratio": np.nan}
    if n >= 3:
        r = float(np.corrcoef(pairs["baseline"], pairs["followup"])[0, 1])
        slope = float(np.polyfit(pairs["baseline"], pairs["change"], 1)[0])
        old = stats.pearsonr(pairs["change"], pairs["mean"])
        summary.update(r=r, slope_observed=slope, slope_rtm=r - 1,
                       oldham_r=float(old.statistic), oldham_p=float(old.pvalue),
                       sd_ratio=float(pairs["followup"].std() / pairs["baseline"].std()))
    return pairs.sort_values("entity").reset_index(drop=True), pd.Series(summary)


def within_era_trend(frame: pd.DataFrame, min_years: int = 2) -> pd.DataFrame:
    """Average yearly change of scores within each method era (entity fixed effects).

    The model ``score ~ year + C(entity)`` is fitted separately in each era,
    on entities with at least ``min_years`` scores in that era, so a trend
    never spans an era break. It is estimated by the within transformation
    (scores and years demeaned by entity, then OLS in closed form), which
    gives the same slope and HC1 standard error as the dummy-variable
    regression (Frisch-Waugh-Lovell) but scales to millions of rows.

    Returns
    -------
    DataFrame
        One row per era with enough data: ``era``, ``first_year``,
        ``last_year``, ``n_obs``, ``n_entities``, ``slope`` (points per year),
        ``ci_low``, ``ci_high`` (95%), ``p_value``.
    """
    from scipy import stats

    from analysis.scales import _era_masks

    score = pd.to_numeric(frame["score"]).to_numpy(dtype=float, na_value=np.nan)
    keep = ~np.isnan(score)
    score = score[keep]
    year = pd.to_numeric(frame["year"]).to_numpy(dtype=float, na_value=np.nan)[keep]
    codes, _ = pd.factorize(frame["entity"].to_numpy()[keep])
    names, masks = _era_masks("ombudsman", year) if len(year) else ([], [])
    rows = []
    for name, m in sorted(((n, m) for n, m in zip(names, masks, strict=True) if m is not None),
                          key=lambda pair: pair[0]):
        c, y, s = codes[m], year[m], score[m]
        # entities with at least min_years distinct years in the era
        y0 = y.astype(np.int64) - int(y.min())   # entity-by-year grid of counts: no hashing
        span = int(y0.max()) + 1
        seen = np.bincount(c.astype(np.int64) * span + y0,
                           minlength=(codes.max() + 1) * span) > 0
        years_per = seen.reshape(-1, span).sum(axis=1)
        ok = years_per[c] >= min_years
        c, y, s = c[ok], y[ok], s[ok]
        n_entities = int(np.count_nonzero(np.bincount(c))) if len(c) else 0
        if len(y) == 0 or y.min() == y.max() or n_entities < 2:
            continue
        count = np.bincount(c)
        safe = np.maximum(count, 1)
        dy = s - (np.bincount(c, weights=s) / safe)[c]
        dx = y - (np.bincount(c, weights=y) / safe)[c]
        n = len(s)
        # OLS of dy on dx (no constant) in closed form, with its HC1 standard error
        sxx = dx @ dx
        slope = float((dx @ dy) / sxx)
        score_x = dx * (dy - slope * dx)
        k = 1 + n_entities                        # slope and one intercept per entity
        se = float(np.sqrt(n / (n - 1) * (score_x @ score_x) / sxx**2)
                   * np.sqrt((n - 1) / (n - k)))  # HC1 with the dummies' df
        t = stats.t.ppf(0.975, n - k)
        rows.append({"era": name, "first_year": int(y.min()), "last_year": int(y.max()),
                     "n_obs": n, "n_entities": n_entities, "slope": slope,
                     "ci_low": slope - t * se, "ci_high": slope + t * se,
                     "p_value": float(2 * stats.t.sf(abs(slope / se), n - k))})
    return pd.DataFrame(rows, columns=["era", "first_year", "last_year", "n_obs", "n_entities",
                                       "slope", "ci_low", "ci_high", "p_value"])

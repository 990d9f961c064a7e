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
from analysis.scales import (
    GRADES,
    ZONES,
    check_same_era,
    method_era,
    on_standard_scale,
    zones_from_grade_counts,
)

_BEST_FIRST = list(ZONES[::-1])      # hijau, kuning, merah: the order of the printed counts

__all__ = ["zone_shares_over_time", "ceiling_share", "wilson_interval", "retest_correlations",
           "regression_to_mean", "rtm_selection", "within_era_trend", "year_effects"]


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
    the zones are computed from them by the official mapping of that year
    (:func:`analysis.scales.zones_from_grade_counts`: A, B = hijau; C =
    kuning; D, E = merah) and marked ``basis = "from opinion counts"``.

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
        counts = [getattr(r, f"n_{z}") for z in _BEST_FIRST]
        basis = "printed zone counts"
        if any(pd.isna(c) for c in counts):
            grades = {g: getattr(r, f"n_{g.lower()}") for g in GRADES}
            if any(pd.isna(c) for c in grades.values()):
                continue
            by_zone = zones_from_grade_counts(grades, int(r.year))
            counts = [by_zone[z] for z in _BEST_FIRST]
            basis = "from opinion counts"
        total = sum(int(c) for c in counts)
        if pd.notna(r.n_assessed) and int(r.n_assessed) != total:
            raise DataError.at("data/ombudsman_summary.csv", column="n_assessed",
                               value=int(r.n_assessed),
                               message=f"zone counts of {r.year} add up to {total}",
                               hint="check the source; the counts must add up")
        rows.append({"year": int(r.year), "era": method_era("ombudsman", int(r.year)),
                     "n": total, **{z: c / total for z, c in zip(_BEST_FIRST, counts, strict=True)},
                     "basis": basis, "source_id": r.source_id})
    return pd.DataFrame(rows, columns=["year", "era", "n", *_BEST_FIRST, "basis", "source_id"])


def ceiling_share(frame: pd.DataFrame, threshold: float = 95.0, by=("year",),
                  level: float = 0.95) -> pd.DataFrame:
    """Share of scores at or above ``threshold`` per group, with a Wilson interval.

    Groups never pool method eras: without ``year`` in ``by`` (for example
    ``by=("entity_type",)``) each group is also split by era.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``era``, ``n`` (scores), ``k`` (at or above),
        ``share``, ``ci_low``, ``ci_high``. Describes this sample, not the population.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.trends import ceiling_share
    >>> f = pd.DataFrame({"year": [2021, 2023, 2023], "entity_type": ["kota"] * 3,
    ...                   "score": [96.0, 90.0, 99.0]})
    >>> ceiling_share(f, by=("entity_type",))[["entity_type", "era", "n", "k"]].values.tolist()
    [['kota', 'ombudsman-2021', 1, 1], ['kota', 'ombudsman-2022', 2, 1]]
    """
    by = list(by)
    data = frame[frame["score"].notna()]
    keys = by if "year" in by else [*by, "era"]
    if "year" not in by:
        data = data.assign(era=method_era("ombudsman", data["year"].to_numpy()))
    g = data.groupby(keys, observed=True)["score"]
    out = pd.DataFrame({"n": g.size(), "k": g.apply(lambda s: int((s >= threshold).sum()))})
    out = out.reset_index()
    out["share"] = out["k"] / out["n"]
    out["ci_low"], out["ci_high"] = wilson_interval(out["k"], out["n"], level)
    if "year" in by:
        out.insert(len(by), "era", method_era("ombudsman", out["year"].to_numpy()))
    return out


def retest_correlations(frame: pd.DataFrame, instrument: str = "ombudsman",
                value: str = "score") -> pd.DataFrame:
    """Year-to-year correlation of the same entities, for adjacent years within a method era.

    Under the classical measurement model (each published score is a true
    score plus independent error of the same variance in both years) and
    the assumption that true scores do not change between adjacent years,
    the correlation of two adjacent years estimates the reliability of one
    year's score, and ``sd_error = sd * sqrt(1 - r)`` the measurement-error
    SD. Where true scores did move, ``r`` understates the reliability and
    ``sd_error`` overstates the noise: read both as bounds.

    Returns
    -------
    DataFrame
        One row per pair of adjacent years within an era with at least 4
        entities in both: ``era``, ``year``, ``next_year``, ``n``, ``r``,
        ``sd`` (pooled SD of the two years' scores of these entities),
        ``sd_error``.

    Examples
    --------
    >>> import analysis
    >>> from analysis.trends import retest_correlations
    >>> t = retest_correlations(analysis.load("ombudsman"))
    >>> t[t.era == "ombudsman-2022"][["year", "next_year"]].values.tolist()
    [[2022, 2023], [2023, 2024]]
    """
    data = frame[frame[value].notna()]
    if value == "score":
        data = data[on_standard_scale(data, value)]
    wide = data.pivot_table(index="entity", columns="year", values=value, aggfunc="first",
                            observed=True)
    years = sorted(int(y) for y in wide.columns)
    rows = []
    for a, b in zip(years[:-1], years[1:], strict=True):
        era_a, era_b = method_era(instrument, a), method_era(instrument, b)
        if era_a != era_b:
            continue
        both = wide[[a, b]].dropna().astype(float)
        if len(both) < 4:
            continue
        r = float(np.corrcoef(both[a], both[b])[0, 1])
        sd = float(np.sqrt((both[a].var() + both[b].var()) / 2))
        rows.append({"era": era_a, "year": a, "next_year": b, "n": len(both), "r": r,
                     "sd": sd, "sd_error": sd * np.sqrt(max(0.0, 1 - r))})
    return pd.DataFrame(rows, columns=["era", "year", "next_year", "n", "r", "sd", "sd_error"])


def _tobit_right(x: np.ndarray, y: np.ndarray, ceiling: float) -> tuple[float, float, float]:
    """Fit a normal regression of y on x, y right-censored at ``ceiling``: (a, b, sigma)."""
    from scipy import optimize, stats

    censored = y >= ceiling
    b0, a0 = np.polyfit(x, y, 1)
    s0 = max(float(np.std(y - a0 - b0 * x)), 1e-3)

    def nll(theta):
        a, b, log_s = theta
        s = np.exp(log_s)
        mu = a + b * x
        ll = stats.norm.logpdf(y[~censored], mu[~censored], s).sum()
        ll += stats.norm.logsf(ceiling, mu[censored], s).sum()
        return -ll

    res = optimize.minimize(nll, [a0, b0, np.log(s0)], method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20000})
    a, b, log_s = res.x
    return float(a), float(b), float(np.exp(log_s))


_RTM_KEYS = ["n", "r", "sd_baseline", "sd_followup", "sd_ratio", "slope_observed",
             "slope_ci_low", "slope_ci_high", "oldham_r", "oldham_ci_low", "oldham_ci_high",
             "oldham_p", "reliability_low", "reliability_high", "slope_noise_low",
             "slope_noise_high", "n_ceiling", "slope_censored", "sd_ratio_censored"]


def regression_to_mean(frame: pd.DataFrame, start: int, end: int, *,
                       reliability=None, ceiling: float = 95.0, level: float = 0.95,
                       allow_cross_era: bool = False) -> tuple[pd.DataFrame, pd.Series]:
    """Change against baseline between two years, against what measurement noise alone gives.

    By OLS algebra the slope of change on baseline is ``r * sd_ratio - 1``
    (r: correlation of the two years; sd_ratio: SD of the follow-up over SD
    of the baseline), so that slope, r and the change in spread are one fact,
    not three. One test asks whether change depends on baseline beyond
    regression to the mean: Oldham's correlation of change with the mean of
    the two years, which is the Pitman-Morgan test of equal variances in the
    two years (a negative value: the spread shrank).

    The pure-noise expectation: if true scores did not change and each year's
    score carried independent error with reliability rho (equal error
    variance in both years), the expected slope is ``rho - 1``. rho is
    estimated within the era from adjacent years (:func:`retest_correlations`), not
    from the two years compared, so the comparison is not circular; the
    range over the adjacent pairs is reported.

    The ceiling: scores pile up near the top of the scale, which shrinks the
    spread by itself. A censored (Tobit) regression of the follow-up on the
    baseline treats every follow-up score at or above ``ceiling`` as
    "at least ``ceiling``"; its slope and the implied latent spread say how
    much compression is left once the ceiling is allowed for.

    Parameters
    ----------
    frame : DataFrame
        Rows with ``entity``, ``year`` and ``score``.
    start, end : int
        Baseline and follow-up years (one method era).
    reliability : float or (float, float), optional
        Reliability of one year's score; default: the range of the
        adjacent-year correlations of :func:`retest_correlations` in the era.
    ceiling : float
        Censoring point of the censored check.
    level : float
        Coverage of the intervals.
    allow_cross_era : bool
        Accept years in different method eras.

    Returns
    -------
    (DataFrame, Series)
        Pairs: ``entity``, ``baseline``, ``followup``, ``change``, ``mean``.
        Summary: ``n``, ``r`` (baseline-followup correlation),
        ``sd_baseline``, ``sd_followup``, ``sd_ratio``, ``slope_observed``
        (OLS of change on baseline) with ``slope_ci_low``, ``slope_ci_high``;
        ``oldham_r`` with ``oldham_ci_low``, ``oldham_ci_high`` (Fisher z) and
        ``oldham_p`` (the Pitman-Morgan test); ``reliability_low``,
        ``reliability_high``; ``slope_noise_low``, ``slope_noise_high``
        (rho - 1 over that range); ``n_ceiling`` (follow-up scores at or above
        ``ceiling``), ``slope_censored`` (Tobit slope minus 1),
        ``sd_ratio_censored`` (latent follow-up SD over baseline SD).

    Raises
    ------
    analysis.DataError
        When the two years lie in different method eras and ``allow_cross_era``
        is False.
    """
    check_same_era(pd.DataFrame({"year": [start, end]}), allow_cross_era=allow_cross_era)
    pairs = _pairs(frame, start, end)
    n = len(pairs)
    summary = dict.fromkeys(_RTM_KEYS, np.nan)
    summary["n"] = n
    if reliability is None:
        tr = retest_correlations(frame)
        tr = tr[tr["era"] == method_era("ombudsman", start)]
        reliability = (tr["r"].min(), tr["r"].max()) if len(tr) else (np.nan, np.nan)
    lo_rel, hi_rel = (reliability, reliability) if np.ndim(reliability) == 0 else reliability
    summary.update(reliability_low=float(lo_rel), reliability_high=float(hi_rel),
                   slope_noise_low=float(lo_rel) - 1, slope_noise_high=float(hi_rel) - 1)
    if n >= 4:
        summary.update(_rtm_fits(pairs, ceiling, level))
    return pairs, pd.Series(summary)


def _rtm_fits(pairs: pd.DataFrame, ceiling: float, level: float) -> dict:
    """Return the fitted parts of :func:`regression_to_mean`'s summary (four pairs or more)."""
    from scipy import stats

    n = len(pairs)
    x, y = pairs["baseline"].to_numpy(), pairs["followup"].to_numpy()
    fit = stats.linregress(x, pairs["change"].to_numpy())
    t = stats.t.ppf(0.5 + level / 2, n - 2)
    old = stats.pearsonr(pairs["change"], pairs["mean"])
    z, half = np.arctanh(old.statistic), stats.norm.ppf(0.5 + level / 2) / np.sqrt(n - 3)
    a, b, sigma = _tobit_right(x, y, ceiling)
    latent_sd = np.sqrt(b**2 * x.var(ddof=1) + sigma**2)
    return dict(
        r=float(np.corrcoef(x, y)[0, 1]), sd_baseline=float(x.std(ddof=1)),
        sd_followup=float(y.std(ddof=1)), sd_ratio=float(y.std(ddof=1) / x.std(ddof=1)),
        slope_observed=float(fit.slope), slope_ci_low=float(fit.slope - t * fit.stderr),
        slope_ci_high=float(fit.slope + t * fit.stderr),
        oldham_r=float(old.statistic), oldham_ci_low=float(np.tanh(z - half)),
        oldham_ci_high=float(np.tanh(z + half)), oldham_p=float(old.pvalue),
        n_ceiling=int((y >= ceiling).sum()), slope_censored=b - 1,
        sd_ratio_censored=float(latent_sd / x.std(ddof=1)))


def _pairs(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Entities with a score in both years: entity, baseline, followup, change, mean."""
    data = frame[frame["score"].notna() & frame["year"].isin([start, end])]
    wide = data.pivot_table(index="entity", columns="year", values="score",
                            aggfunc="first", observed=True).dropna()
    if start not in wide or end not in wide:
        wide = pd.DataFrame(columns=[start, end], dtype=float)
    pairs = pd.DataFrame({"entity": wide.index.astype(str),
                          "baseline": wide[start].to_numpy(dtype=float),
                          "followup": wide[end].to_numpy(dtype=float)})
    pairs["change"] = pairs["followup"] - pairs["baseline"]
    pairs["mean"] = (pairs["followup"] + pairs["baseline"]) / 2
    return pairs.sort_values("entity").reset_index(drop=True)


def rtm_selection(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Who is published in both years, against who is published in one of them only.

    Every change analysis uses entities published in both years; if those
    started (or ended) higher than the rest, the pairs are a selected group.

    Returns
    -------
    DataFrame
        Three rows (``group``: "both", "<start> only", "<end> only"): ``n``,
        ``mean_start``, ``median_start`` (scores in ``start``),
        ``mean_end``, ``median_end`` (scores in ``end``); missing where the
        group has no score in that year.
    """
    data = frame[frame["score"].notna() & frame["year"].isin([start, end])]
    wide = data.pivot_table(index="entity", columns="year", values="score",
                            aggfunc="first", observed=True)
    wide = wide.reindex(columns=[start, end])
    has_a, has_b = wide[start].notna(), wide[end].notna()
    rows = []
    for name, mask in [("both", has_a & has_b), (f"{start} only", has_a & ~has_b),
                       (f"{end} only", ~has_a & has_b)]:
        g = wide[mask].astype(float)
        rows.append({"group": name, "n": int(mask.sum()),
                     "mean_start": g[start].mean(), "median_start": g[start].median(),
                     "mean_end": g[end].mean(), "median_end": g[end].median()})
    return pd.DataFrame(rows)


def _within(codes: np.ndarray, y: np.ndarray, x: np.ndarray) -> tuple:
    """Entity fixed effects by demeaning, with entity-clustered (CR1) errors.

    ``x`` is an (n, k) array. The cluster-robust variance uses the small-sample
    factor G/(G-1) * (N-1)/(N-k), where k counts the regressors but not the
    absorbed fixed effects, which are nested within the clusters (the
    convention of Stata's ``xtreg, fe vce(cluster)``; Cameron and Miller
    2015); counting them too would over-correct. Returns (beta, se, G).
    """
    count = np.maximum(np.bincount(codes), 1)
    dy = y - (np.bincount(codes, weights=y) / count)[codes]
    dx = np.empty(x.shape)
    for j in range(x.shape[1]):   # column by column: no stacked copy
        dx[:, j] = x[:, j] - (np.bincount(codes, weights=x[:, j]) / count)[codes]
    xtx_inv = np.linalg.pinv(dx.T @ dx)
    beta = xtx_inv @ (dx.T @ dy)
    u = dy.copy()
    for j in range(x.shape[1]):   # a matrix-vector product is slow for a few columns
        u -= dx[:, j] * beta[j]
    scores = np.column_stack([np.bincount(codes, weights=dx[:, j] * u)
                              for j in range(dx.shape[1])])
    groups = int(np.count_nonzero(np.bincount(codes)))
    n, k = len(y), dx.shape[1]
    factor = groups / (groups - 1) * (n - 1) / (n - k)
    cov = factor * xtx_inv @ (scores.T @ scores) @ xtx_inv
    return beta, np.sqrt(np.diag(cov)), groups


def _era_panels(frame: pd.DataFrame, min_years: int):
    """Yield (era, entity codes, years, scores) per era, entities with min_years there."""
    score = pd.to_numeric(frame["score"]).to_numpy(dtype=float, na_value=np.nan)
    year = pd.to_numeric(frame["year"]).to_numpy(dtype=float, na_value=np.nan)
    codes = pd.factorize(frame["entity"])[0]
    keep = ~np.isnan(score)
    if not keep.all():            # rows without a score carry no information
        score, year, codes = score[keep], year[keep], codes[keep]
    if not len(year):
        return
    # the era of each distinct year (a handful), spread to the rows by a lookup table
    offset = year.astype(np.int64) - int(year.min())
    present = np.flatnonzero(np.bincount(offset))
    era_of_year = method_era("ombudsman", present + int(year.min()))
    names = sorted(set(era_of_year))
    lookup = np.full(int(offset.max()) + 1, -1)
    lookup[present] = [names.index(e) for e in era_of_year]
    era_code = lookup[offset]
    for i, name in enumerate(names):
        if len(names) == 1:       # one era: no copy
            c, y, s = codes, year, score
        else:
            m = era_code == i
            c, y, s = codes[m], year[m], score[m]
        # entities with at least min_years distinct years in the era: a dense
        # entity x year grid (eras span a few years), counted by bincount
        y0 = y.astype(np.int64) - int(y.min())
        span = int(y0.max()) + 1
        seen = np.bincount(c * span + y0, minlength=(codes.max() + 1) * span) > 0
        ok = (seen.reshape(-1, span).sum(axis=1) >= min_years)[c]
        if not ok.all():
            c, y, s = c[ok], y[ok], s[ok]
        # codes need not be dense: the within transformation counts by bincount
        if len(c) == 0 or len(pd.unique(y)) < 2 or np.count_nonzero(np.bincount(c)) < 2:
            continue
        yield name, c, y, s


def within_era_trend(frame: pd.DataFrame, min_years: int = 2, level: float = 0.95
                     ) -> pd.DataFrame:
    """Average yearly change of scores within each method era (entity fixed effects).

    The model ``score ~ year + C(entity)`` is fitted separately in each era,
    on entities with at least ``min_years`` scores in that era, so a trend
    never spans an era break. It is estimated by the within transformation
    (the same slope as the dummy-variable regression, Frisch-Waugh-Lovell,
    but it scales to millions of rows), with standard errors clustered by
    entity (the same entity's scores are not independent) and a t interval
    with G - 1 degrees of freedom (G entities). One slope summarises the
    year effects of :func:`year_effects`, which should be read next to it:
    where they are not on a line, the slope is an average, not a rate.

    Returns
    -------
    DataFrame
        One row per era with enough data: ``era``, ``first_year``,
        ``last_year``, ``n_obs``, ``n_entities``, ``slope`` (points per year),
        ``se`` (clustered by entity), ``ci_low``, ``ci_high``, ``p_value``.
        Describes the published governments in the data, not all assessed.
    """
    from scipy import stats

    rows = []
    for name, c, y, s in _era_panels(frame, min_years):
        beta, se, groups = _within(c, s, y[:, None])
        slope, se = float(beta[0]), float(se[0])
        t = stats.t.ppf(0.5 + level / 2, groups - 1)
        rows.append({"era": name, "first_year": int(y.min()), "last_year": int(y.max()),
                     "n_obs": len(s), "n_entities": groups, "slope": slope, "se": se,
                     "ci_low": slope - t * se, "ci_high": slope + t * se,
                     "p_value": float(2 * stats.t.sf(abs(slope / se), groups - 1))})
    return pd.DataFrame(rows, columns=["era", "first_year", "last_year", "n_obs", "n_entities",
                                       "slope", "se", "ci_low", "ci_high", "p_value"])


def year_effects(frame: pd.DataFrame, min_years: int = 2, level: float = 0.95
                 ) -> pd.DataFrame:
    """Year effects within each method era (entity fixed effects, entity-clustered errors).

    The model ``score ~ C(year) + C(entity)`` per era, on entities with at
    least ``min_years`` scores in the era: each year's effect is the average
    difference from the era's first year of the same entities' scores.

    Returns
    -------
    DataFrame
        One row per era and year: ``era``, ``year``, ``effect`` (points
        against the era's first year, 0 there), ``se``, ``ci_low``,
        ``ci_high`` (clustered by entity, t with G - 1 df), ``n_obs`` (scores
        in that year), ``n_entities`` (in the era's model).
    """
    from scipy import stats

    rows = []
    for name, c, y, s in _era_panels(frame, min_years):
        years = sorted(int(v) for v in pd.unique(y))
        x = np.column_stack([(y == v).astype(float) for v in years[1:]])
        beta, se, groups = _within(c, s, x)
        t = stats.t.ppf(0.5 + level / 2, groups - 1)
        rows.append({"era": name, "year": years[0], "effect": 0.0, "se": 0.0, "ci_low": 0.0,
                     "ci_high": 0.0, "n_obs": int((y == years[0]).sum()),
                     "n_entities": groups})
        for v, b, e in zip(years[1:], beta, se, strict=True):
            rows.append({"era": name, "year": v, "effect": float(b), "se": float(e),
                         "ci_low": float(b - t * e), "ci_high": float(b + t * e),
                         "n_obs": int((y == v).sum()), "n_entities": groups})
    return pd.DataFrame(rows, columns=["era", "year", "effect", "se", "ci_low", "ci_high",
                                       "n_obs", "n_entities"])

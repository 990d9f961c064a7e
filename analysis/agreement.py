"""Agreement between two assessments of the same entities.

Self-assessment against the ministry's evaluation (PEKPPP mandiri vs
KemenPAN-RB), and one instrument against the other (Ombudsman compliance
score vs PEKPPP index). Statistics only: no plotting here.

Minimum numbers of pairs
------------------------
Below these, a function returns its statistics as missing and emits a
:class:`TooFewPairsWarning` saying why (``min_pairs=`` lowers the bar
knowingly). The differences themselves are always available from
:func:`self_vs_ministry`.

==================  =====  ===================================================
function            pairs  why
==================  =====  ===================================================
bland_altman        10     the SD of the differences, and so each limit of
                           agreement, is uncertain by about +/-1 SD below 10
lins_ccc            10     with fewer, Pearson's r is near +/-1 by construction
                           (exactly 1 with 2 pairs) and the interval undefined
weighted_kappa      10     chance agreement cannot be estimated from a handful
                           of ratings (2 pairs can give a kappa of 0 or 1)
wilcoxon_pratt      6      the smallest two-sided exact p-value is 0.0625 with
                           5 pairs, so the test could never reject at 5%
rank_correlation    10     the Fisher-z interval needs n > 3 and is wider than
                           the scale below about 10
==================  =====  ===================================================
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from analysis.errors import DataError

MIN_PAIRS = {"bland_altman": 10, "lins_ccc": 10, "weighted_kappa": 10, "wilcoxon_pratt": 6,
             "rank_correlation": 10}


class TooFewPairsWarning(UserWarning):
    """A statistic was refused because it had fewer pairs than its documented minimum."""


def _refused(name: str, n: int, min_pairs: int | None) -> bool:
    """Warn and return True when ``n`` is below the minimum of ``name``."""
    need = MIN_PAIRS[name] if min_pairs is None else int(min_pairs)
    if n >= need:
        return False
    warnings.warn(f"{name}: {n} pair(s), fewer than the documented minimum of {need}; the "
                  "statistics are left missing (show the differences themselves instead)",
                  TooFewPairsWarning, stacklevel=3)
    return True


__all__ = [
    "MIN_PAIRS",
    "TooFewPairsWarning",
    "rank_correlation_checks",
    "self_vs_ministry",
    "bland_altman",
    "wilcoxon_pratt",
    "lins_ccc",
    "weighted_kappa",
    "instruments_side_by_side",
    "rank_correlation",
]


def self_vs_ministry(pekppp: pd.DataFrame, value: str = "ipp") -> pd.DataFrame:
    """Every entity-year with both a self-assessment and the ministry's evaluation.

    Parameters
    ----------
    pekppp : DataFrame
        Rows in the schema of ``load("pekppp")``.
    value : str
        The column compared (``ipp``).

    Returns
    -------
    DataFrame
        One row per pair: ``entity``, ``entity_type``, ``year``, ``self``,
        ``ministry``, ``diff`` (self - ministry), ``mean`` ((self +
        ministry) / 2), ``self_category``, ``ministry_category`` (as printed),
        ``self_source``, ``ministry_source``. Sorted by entity and year.

    Examples
    --------
    >>> import analysis
    >>> from analysis.agreement import self_vs_ministry
    >>> pairs = self_vs_ministry(analysis.load("pekppp"))
    >>> float(pairs.set_index(["entity", "year"]).loc[("Kabupaten Banjarnegara", 2024), "diff"])
    -1.59
    """
    cols = ["entity", "year", value, "category", "source_id"]
    valued = pekppp[pekppp[value].notna()]
    own = valued[valued["assessor"] == "self"][cols + ["entity_type"]]
    ministry = valued[valued["assessor"] == "ministry"][cols]
    pairs = own.merge(ministry, on=["entity", "year"], suffixes=("_self", "_ministry"))
    out = pd.DataFrame({
        "entity": pairs["entity"].astype(str),
        "entity_type": pairs["entity_type"].astype(str),
        "year": pairs["year"].astype(int),
        "self": pairs[f"{value}_self"].astype(float),
        "ministry": pairs[f"{value}_ministry"].astype(float),
    })
    out["diff"] = (out["self"] - out["ministry"]).round(10)
    out["mean"] = (out["self"] + out["ministry"]) / 2
    out["self_category"] = pairs["category_self"].astype("string").to_numpy()
    out["ministry_category"] = pairs["category_ministry"].astype("string").to_numpy()
    out["self_source"] = pairs["source_id_self"].astype(str).to_numpy()
    out["ministry_source"] = pairs["source_id_ministry"].astype(str).to_numpy()
    return out.sort_values(["entity", "year"]).reset_index(drop=True)


def _pair_arrays(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise DataError.plain(f"paired values differ in length: {a.shape} and {b.shape}",
                              "pass one value of each assessment per entity")
    keep = ~(np.isnan(a) | np.isnan(b))
    return a[keep], b[keep]


def bland_altman(a, b, level: float = 0.95, *, min_pairs: int | None = None) -> pd.Series:
    """Bland-Altman agreement of paired measurements ``a`` and ``b``.

    Returns
    -------
    Series
        ``n``; ``bias`` (mean of a - b); ``sd`` (sample sd of a - b);
        ``loa_low``, ``loa_high`` (limits of agreement, bias -/+ z * sd);
        ``bias_ci_low``, ``bias_ci_high`` (t interval of the bias). Below
        ``MIN_PAIRS["bland_altman"]`` pairs (or ``min_pairs``) all but ``n``
        are missing, with a :class:`TooFewPairsWarning`.

    Examples
    --------
    >>> from analysis.agreement import bland_altman
    >>> ba = bland_altman([3.0, 4.0, 4.5], [4.0, 4.5, 4.5], min_pairs=3)
    >>> float(ba["bias"]), round(float(ba["loa_low"]), 3)
    (-0.5, -1.48)
    """
    from scipy import stats

    a, b = _pair_arrays(a, b)
    d = a - b
    n = len(d)
    if _refused("bland_altman", n, min_pairs):
        return pd.Series({"n": n, **dict.fromkeys(["bias", "sd", "loa_low", "loa_high",
                                                   "bias_ci_low", "bias_ci_high"], np.nan)})
    bias = float(d.mean()) if n else np.nan
    sd = float(d.std(ddof=1)) if n > 1 else np.nan
    z = stats.norm.ppf(0.5 + level / 2)
    t = stats.t.ppf(0.5 + level / 2, n - 1) if n > 1 else np.nan
    half = t * sd / np.sqrt(n) if n > 1 else np.nan
    return pd.Series({"n": n, "bias": bias, "sd": sd, "loa_low": bias - z * sd,
                      "loa_high": bias + z * sd, "bias_ci_low": bias - half,
                      "bias_ci_high": bias + half})


def wilcoxon_pratt(a, b, *, min_pairs: int | None = None) -> pd.Series:
    """Wilcoxon signed-rank test of a - b, zeros kept by Pratt's method.

    Returns
    -------
    Series
        ``n``, ``statistic``, ``p_value`` (two-sided; exact where scipy can),
        ``median_diff``. With fewer than two non-zero differences the test is
        not run and ``p_value`` is missing; below ``MIN_PAIRS["wilcoxon_pratt"]``
        pairs all but ``n`` are missing, with a :class:`TooFewPairsWarning`.
    """
    from scipy import stats

    a, b = _pair_arrays(a, b)
    d = a - b
    if _refused("wilcoxon_pratt", len(d), min_pairs):
        return pd.Series({"n": len(d), "statistic": np.nan, "p_value": np.nan,
                          "median_diff": np.nan})
    out = {"n": len(d), "statistic": np.nan, "p_value": np.nan,
           "median_diff": float(np.median(d)) if len(d) else np.nan}
    if np.count_nonzero(d) >= 2:
        res = stats.wilcoxon(a, b, zero_method="pratt")
        out.update(statistic=float(res.statistic), p_value=float(res.pvalue))
    return pd.Series(out)


def lins_ccc(a, b, level: float = 0.95, *, min_pairs: int | None = None) -> pd.Series:
    """Lin's concordance correlation coefficient with a Fisher-z interval.

    Returns
    -------
    Series
        ``n``, ``ccc``, ``ci_low``, ``ci_high`` (asymptotic interval on the
        z-transformed coefficient, Lin 1989; missing with fewer than 4 pairs),
        ``pearson_r``, ``bias_correction`` (ccc / r). Below
        ``MIN_PAIRS["lins_ccc"]`` pairs all but ``n`` are missing, with a
        :class:`TooFewPairsWarning`.

    Examples
    --------
    >>> from analysis.agreement import lins_ccc
    >>> float(lins_ccc([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0], min_pairs=4)["ccc"])
    1.0
    """
    from scipy import stats

    x, y = _pair_arrays(a, b)
    n = len(x)
    if _refused("lins_ccc", n, min_pairs) or n < 2:
        return pd.Series({"n": n, "ccc": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                          "pearson_r": np.nan, "bias_correction": np.nan})
    sx, sy = x.var(), y.var()  # population variances, as in Lin (1989)
    sxy = ((x - x.mean()) * (y - y.mean())).mean()
    ccc = 2 * sxy / (sx + sy + (x.mean() - y.mean()) ** 2)
    r = sxy / np.sqrt(sx * sy) if sx > 0 and sy > 0 else np.nan
    lo = hi = np.nan
    if n >= 4 and abs(ccc) < 1:
        u = (x.mean() - y.mean()) / (sx * sy) ** 0.25 if sx > 0 and sy > 0 else np.nan
        var_z = ((1 - r**2) * ccc**2 / ((1 - ccc**2) * r**2)
                 + 2 * ccc**3 * (1 - ccc) * u**2 / (r * (1 - ccc**2) ** 2)
                 - ccc**4 * u**4 / (2 * r**2 * (1 - ccc**2) ** 2)) / (n - 2)
        z = np.arctanh(ccc)
        half = stats.norm.ppf(0.5 + level / 2) * np.sqrt(var_z)
        lo, hi = np.tanh(z - half), np.tanh(z + half)
    return pd.Series({"n": n, "ccc": float(ccc), "ci_low": float(lo), "ci_high": float(hi),
                      "pearson_r": float(r), "bias_correction": float(ccc / r) if r else np.nan})


def weighted_kappa(a, b, categories, weights: str = "linear", *,
                   min_pairs: int | None = None) -> pd.Series:
    """Cohen's weighted kappa for two ordered categorical ratings.

    Parameters
    ----------
    a, b : array-like
        Categories of each entity under the two assessments.
    categories : list
        All categories in order (worst to best), e.g. ``["C-", "C", ..., "A"]``.
    weights : {"linear", "quadratic"}
        Disagreement weights |i - j| or (i - j)^2.
    min_pairs : int, optional
        Minimum pairs (default ``MIN_PAIRS["weighted_kappa"]``).

    Returns
    -------
    Series
        ``n`` (pairs with both categories), ``kappa``, ``observed_agreement``
        (share of exact matches); below the minimum, ``kappa`` and
        ``observed_agreement`` are missing, with a :class:`TooFewPairsWarning`.

    Examples
    --------
    >>> from analysis.agreement import weighted_kappa
    >>> float(weighted_kappa(["A", "B", "C"], ["A", "B", "C"], ["C", "B", "A"],
    ...                      min_pairs=3)["kappa"])
    1.0
    """
    index = {c: i for i, c in enumerate(categories)}
    pairs = [(index[x], index[y]) for x, y in zip(a, b, strict=True)
             if isinstance(x, str) and isinstance(y, str) and x in index and y in index]
    n, k = len(pairs), len(categories)
    if n == 0 or _refused("weighted_kappa", n, min_pairs):
        return pd.Series({"n": n, "kappa": np.nan, "observed_agreement": np.nan})
    obs = np.zeros((k, k))
    for i, j in pairs:
        obs[i, j] += 1
    obs /= n
    exp = np.outer(obs.sum(axis=1), obs.sum(axis=0))
    ii, jj = np.indices((k, k))
    w = np.abs(ii - jj) if weights == "linear" else (ii - jj) ** 2
    denom = (w * exp).sum()
    kappa = 1 - (w * obs).sum() / denom if denom > 0 else np.nan
    return pd.Series({"n": n, "kappa": float(kappa),
                      "observed_agreement": float(np.trace(obs))})


def instruments_side_by_side(ombudsman: pd.DataFrame, pekppp: pd.DataFrame) -> pd.DataFrame:
    """Entities with an Ombudsman score and a ministry PEKPPP index in the same year.

    Returns
    -------
    DataFrame
        ``entity``, ``entity_type``, ``year``, ``score`` (Ombudsman, 0-100),
        ``ipp`` (PEKPPP, ministry's evaluation, 0-5), ``zone`` and
        ``category`` as printed, ``era`` (the Ombudsman method era of the year),
        ``score_source``, ``ipp_source``.
    """
    from analysis.scales import method_era

    omb = ombudsman[ombudsman["score"].notna()]
    pek = pekppp[(pekppp["assessor"] == "ministry") & pekppp["ipp"].notna()]
    both = omb.merge(pek, on=["entity", "year"], suffixes=("_omb", "_pek"))
    return pd.DataFrame({
        "entity": both["entity"].astype(str),
        "entity_type": both["entity_type_omb"].astype(str),
        "year": both["year"].astype(int),
        "score": both["score"].astype(float),
        "ipp": both["ipp"].astype(float),
        "zone": both["zone"].astype("string"),
        "category": both["category"].astype("string"),
        "era": method_era("ombudsman", both["year"].to_numpy()) if len(both) else [],
        "score_source": both["source_id_omb"].astype(str),
        "ipp_source": both["source_id_pek"].astype(str),
    }).sort_values(["year", "entity"]).reset_index(drop=True)


def rank_correlation(a, b, level: float = 0.95, *, min_pairs: int | None = None
                     ) -> pd.Series:
    """Spearman rank correlation with a Fisher-z interval and its p-value.

    The interval transforms rho with Fisher's z and the standard error
    ``sqrt((1 + rho^2 / 2) / (n - 3))`` of Bonett and Wright (2000). Like
    every correlation here, it describes the pairs at hand as if they were a
    random sample; selection into the data is not covered.

    Returns
    -------
    Series
        ``n``, ``rho``, ``ci_low``, ``ci_high``, ``p_value``; below
        ``MIN_PAIRS["rank_correlation"]`` pairs all but ``n`` are missing, with
        a :class:`TooFewPairsWarning`.

    Examples
    --------
    >>> from analysis.agreement import rank_correlation
    >>> r = rank_correlation(range(12), [0, 2, 1, 3, 5, 4, 6, 8, 7, 9, 11, 10])
    >>> [round(float(r[k]), 2) for k in ("rho", "ci_low", "ci_high")]
    [0.97, 0.87, 0.99]
    """
    from scipy import stats

    x, y = _pair_arrays(a, b)
    n = len(x)
    empty = pd.Series({"n": n, "rho": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                       "p_value": np.nan})
    if _refused("rank_correlation", n, min_pairs) or n < 3:
        return empty
    res = stats.spearmanr(x, y)
    rho = float(res.statistic)
    if np.isnan(rho):
        return empty
    lo = hi = np.nan
    if n > 3:
        half = stats.norm.ppf(0.5 + level / 2) * np.sqrt((1 + rho**2 / 2) / (n - 3))
        z = np.arctanh(np.clip(rho, -0.999999, 0.999999))
        lo, hi = float(np.tanh(z - half)), float(np.tanh(z + half))
    return pd.Series({"n": n, "rho": rho, "ci_low": lo, "ci_high": hi,
                      "p_value": float(res.pvalue)})


def rank_correlation_checks(both: pd.DataFrame, x: str = "score", y: str = "ipp",
                            drop_lowest: int = 2) -> pd.DataFrame:
    """Return the rank correlation of two instruments and the checks a reader would ask for.

    Rows: every entity-year; each year alone; one row per entity (its latest
    year), since an entity seen in several years is not several independent
    cases; and all rows but the ``drop_lowest`` lowest values of ``y`` (how
    much the extremes carry). Subsets below the minimum number of pairs are
    reported with their ``n`` and missing statistics.

    Parameters
    ----------
    both : DataFrame
        Output of :func:`instruments_side_by_side` (``entity``, ``year`` and
        the two value columns).
    x, y : str
        The two value columns.
    drop_lowest : int
        How many of the lowest ``y`` values the last check leaves out.

    Returns
    -------
    DataFrame
        One row per check: ``check``, ``n``, ``n_entities``, ``rho``,
        ``ci_low``, ``ci_high``, ``p_value``.
    """
    subsets = [("all entity-years", both)]
    subsets += [(f"{int(yr)} only", g) for yr, g in both.groupby("year")]
    latest = both.sort_values(["entity", "year"]).groupby("entity").tail(1)
    subsets.append(("one row per entity (latest year)", latest))
    if drop_lowest:
        rest = both.drop(both[y].nsmallest(drop_lowest).index)
        subsets.append((f"without the {drop_lowest} lowest {y}", rest))
    rows = []
    for name, g in subsets:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TooFewPairsWarning)
            r = rank_correlation(g[x], g[y])
        rows.append({"check": name, "n": int(r["n"]), "n_entities": int(g["entity"].nunique()),
                     **{k: float(r[k]) for k in ("rho", "ci_low", "ci_high", "p_value")}})
    return pd.DataFrame(rows)

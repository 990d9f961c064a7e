"""Agreement between two assessments of the same entities.

Self-assessment against the ministry's evaluation (PEKPPP mandiri vs
KemenPAN-RB), and one instrument against the other (Ombudsman compliance
score vs PEKPPP index). Statistics only: no plotting here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataError

__all__ = [
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


def bland_altman(a, b, level: float = 0.95) -> pd.Series:
    """Bland-Altman agreement of paired measurements ``a`` and ``b``.

    Returns
    -------
    Series
        ``n``; ``bias`` (mean of a - b); ``sd`` (sample sd of a - b);
        ``loa_low``, ``loa_high`` (limits of agreement, bias -/+ z * sd);
        ``bias_ci_low``, ``bias_ci_high`` (t interval of the bias). With
        fewer than two pairs, the spread is missing.

    Examples
    --------
    >>> from analysis.agreement import bland_altman
    >>> ba = bland_altman([3.0, 4.0, 4.5], [4.0, 4.5, 4.5])
    >>> float(ba["bias"]), round(float(ba["loa_low"]), 3)
    (-0.5, -1.48)
    """
    from scipy import stats

    a, b = _pair_arrays(a, b)
    d = a - b
    n = len(d)
    bias = float(d.mean()) if n else np.nan
    sd = float(d.std(ddof=1)) if n > 1 else np.nan
    z = stats.norm.ppf(0.5 + level / 2)
    t = stats.t.ppf(0.5 + level / 2, n - 1) if n > 1 else np.nan
    half = t * sd / np.sqrt(n) if n > 1 else np.nan
    return pd.Series({"n": n, "bias": bias, "sd": sd, "loa_low": bias - z * sd,
                      "loa_high": bias + z * sd, "bias_ci_low": bias - half,
                      "bias_ci_high": bias + half})


def wilcoxon_pratt(a, b) -> pd.Series:
    """Wilcoxon signed-rank test of a - b, zeros kept by Pratt's method.

    Returns
    -------
    Series
        ``n``, ``statistic``, ``p_value`` (two-sided; exact where scipy can),
        ``median_diff``. With fewer than two non-zero differences the test is
        not run and ``p_value`` is missing.
    """
    from scipy import stats

    a, b = _pair_arrays(a, b)
    d = a - b
    out = {"n": len(d), "statistic": np.nan, "p_value": np.nan,
           "median_diff": float(np.median(d)) if len(d) else np.nan}
    if np.count_nonzero(d) >= 2:
        res = stats.wilcoxon(a, b, zero_method="pratt")
        out.update(statistic=float(res.statistic), p_value=float(res.pvalue))
    return pd.Series(out)


def lins_ccc(a, b, level: float = 0.95) -> pd.Series:
    """Lin's concordance correlation coefficient with a Fisher-z interval.

    Returns
    -------
    Series
        ``n``, ``ccc``, ``ci_low``, ``ci_high`` (asymptotic interval on the
        z-transformed coefficient, Lin 1989; missing with fewer than 4 pairs),
        ``pearson_r``, ``bias_correction`` (ccc / r).

    Examples
    --------
    >>> from analysis.agreement import lins_ccc
    >>> float(lins_ccc([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0])["ccc"])
    1.0
    """
    from scipy import stats

    x, y = _pair_arrays(a, b)
    n = len(x)
    if n < 2:
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


def weighted_kappa(a, b, categories, weights: str = "linear") -> pd.Series:
    """Cohen's weighted kappa for two ordered categorical ratings.

    Parameters
    ----------
    a, b : array-like
        Categories of each entity under the two assessments.
    categories : list
        All categories in order (worst to best), e.g. ``["C-", "C", ..., "A"]``.
    weights : {"linear", "quadratic"}
        Disagreement weights |i - j| or (i - j)^2.

    Returns
    -------
    Series
        ``n`` (pairs with both categories), ``kappa``, ``observed_agreement``
        (share of exact matches).

    Examples
    --------
    >>> from analysis.agreement import weighted_kappa
    >>> float(weighted_kappa(["A", "B", "C"], ["A", "B", "C"], ["C", "B", "A"])["kappa"])
    1.0
    """
    index = {c: i for i, c in enumerate(categories)}
    pairs = [(index[x], index[y]) for x, y in zip(a, b, strict=True)
             if isinstance(x, str) and isinstance(y, str) and x in index and y in index]
    n, k = len(pairs), len(categories)
    if n == 0:
        return pd.Series({"n": 0, "kappa": np.nan, "observed_agreement": np.nan})
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


def rank_correlation(a, b) -> pd.Series:
    """Spearman rank correlation with its p-value (``n``, ``rho``, ``p_value``)."""
    from scipy import stats

    x, y = _pair_arrays(a, b)
    if len(x) < 3:
        return pd.Series({"n": len(x), "rho": np.nan, "p_value": np.nan})
    res = stats.spearmanr(x, y)
    return pd.Series({"n": len(x), "rho": float(res.statistic), "p_value": float(res.pvalue)})

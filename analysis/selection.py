"""Is the sample selected? Its zones against the population's, tested, and reweighted.

The curated rows are what was published, winners more than others. This
module compares the official zones of the published scores with the zone
counts of everyone assessed (:mod:`analysis.population`): exact
(multivariate hypergeometric) tests, intervals on the excess share, and
post-stratification weights. :mod:`analysis.coverage` re-exports every name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.loading import load
from analysis.population import (
    _BEST_FIRST,
    _TOP,
    _population_zones,
    _sample_zones,
    population_cells,
)
from analysis.scales import ENTITY_TYPES, on_standard_scale

__all__ = ["zone_shares", "zone_test_name", "selection_tests", "hypergeometric_test", "reweight",
           "weighted_summary"]


def _hypergeom_grid(counts: np.ndarray, n: int) -> np.ndarray:
    """Multivariate hypergeometric pmf of a draw of ``n`` from three zones, on a grid.

    Entry ``[a, b]`` is the probability of ``a`` hijau, ``b`` kuning and
    ``n - a - b`` merah (zero where impossible).
    """
    from scipy.special import gammaln

    def log_choose(m, k):
        with np.errstate(invalid="ignore"):
            out = gammaln(m + 1) - gammaln(k + 1) - gammaln(m - k + 1)
        return np.where((k >= 0) & (k <= m), out, -np.inf)

    a = np.arange(n + 1)[:, None].astype(float)
    b = np.arange(n + 1)[None, :].astype(float)
    c = n - a - b
    big_n = float(counts.sum())
    logp = (log_choose(counts[0], a) + log_choose(counts[1], b) + log_choose(counts[2], c)
            - log_choose(big_n, float(n)))
    logp = np.where(c >= 0, logp, -np.inf)
    return _flush(np.exp(logp))


def _flush(p: np.ndarray) -> np.ndarray:
    """Set probabilities below 1e-280 to zero: subnormal numbers slow arithmetic a hundredfold."""
    p[p < 1e-280] = 0.0
    return p


def _convolve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Full 2-D convolution of two probability grids (direct sums, no FFT rounding)."""
    big, small = (a, b) if a.size >= b.size else (b, a)
    out = np.zeros((big.shape[0] + small.shape[0] - 1, big.shape[1] + small.shape[1] - 1))
    for i, j in zip(*np.nonzero(small), strict=True):
        out[i:i + big.shape[0], j:j + big.shape[1]] += small[i, j] * big
    return out


def hypergeometric_test(sample_counts, population_counts) -> tuple[float, float]:
    """Exact test that samples were drawn without replacement, independently of the zone.

    Each stratum's sample is compared with the rest of its population: under
    the null hypothesis, its zone counts follow the multivariate
    hypergeometric distribution. With one stratum this is the
    Fisher-Freeman-Halton test of the 2 x 3 table (sample, rest of the
    population) x (hijau, kuning, merah). With several strata, the statistic
    is the vector of zone totals over the strata, whose exact null
    distribution is the convolution of the strata's distributions (the exact
    analogue of the generalized Cochran-Mantel-Haenszel test); the p-value
    sums the probabilities of all totals no more likely than the observed ones.

    Parameters
    ----------
    sample_counts, population_counts : array-like of shape (strata, 3)
        Counts per stratum and zone (hijau, kuning, merah), sample and whole
        population (the sample included).

    Returns
    -------
    (float, float)
        The null probability of the observed totals and the two-sided p-value.

    Raises
    ------
    analysis.DataError
        When a sample count exceeds its population count.

    Examples
    --------
    >>> from analysis.coverage import hypergeometric_test
    >>> prob, p = hypergeometric_test([[3, 0, 0]], [[3, 3, 3]])
    >>> round(prob, 4), round(p, 4)
    (0.0119, 0.0357)
    """
    sample = np.atleast_2d(np.asarray(sample_counts, dtype=np.int64))
    pop = np.atleast_2d(np.asarray(population_counts, dtype=np.int64))
    if (sample > pop).any() or (sample < 0).any():
        raise DataError.plain(
            f"sample counts {sample.tolist()} exceed the population counts {pop.tolist()}",
            "a published score's zone is not among the official counts of its type and year")
    total = np.zeros((1, 1))
    total[0, 0] = 1.0
    for s, p in zip(sample, pop, strict=True):
        total = _flush(_convolve(total, _hypergeom_grid(p, int(s.sum()))))
    a, b = int(sample[:, 0].sum()), int(sample[:, 1].sum())
    observed = float(total[a, b])
    p_value = float(min(1.0, total[total <= observed * (1 + 1e-7)].sum()))
    return observed, p_value


def _nchypergeom_mean(big_n: int, k_pop: int, n: int, odds: float) -> float:
    """Mean of Fisher's noncentral hypergeometric distribution (direct sum over its support)."""
    from scipy.special import gammaln

    k = np.arange(max(0, n - (big_n - k_pop)), min(n, k_pop) + 1, dtype=float)
    logw = (gammaln(k_pop + 1) - gammaln(k + 1) - gammaln(k_pop - k + 1)
            + gammaln(big_n - k_pop + 1) - gammaln(n - k + 1) - gammaln(big_n - k_pop - n + k + 1)
            + k * np.log(odds))
    w = np.exp(logw - logw.max())
    return float((k * w).sum() / w.sum())


def _excess_interval(k: int, n: int, k_pop: int, big_n: int, level: float
                     ) -> tuple[float, float, float]:
    """Publication odds ratio of a zone and the interval of its excess share (points).

    The 2 x 2 table (sample, rest of the population) x (this zone, the others)
    gives the conditional maximum-likelihood odds ratio with its exact
    (Cornfield) interval; each bound is mapped to the share of the zone that
    a publication process with that odds ratio gives in expectation (Fisher's
    noncentral hypergeometric mean), minus the population share.
    """
    from scipy import stats

    table = [[k, n - k], [k_pop - k, (big_n - k_pop) - (n - k)]]
    res = stats.contingency.odds_ratio(table, kind="conditional")
    lo, hi = res.confidence_interval(confidence_level=level)

    def expected_share(odds):
        if odds <= 0:
            return max(0, n - (big_n - k_pop)) / n
        if not np.isfinite(odds):
            return min(n, k_pop) / n
        return _nchypergeom_mean(big_n, k_pop, n, float(odds)) / n

    base = k_pop / big_n
    return (float(res.statistic), 100 * (expected_share(lo) - base),
            100 * (expected_share(hi) - base))


def zone_shares(sample: pd.DataFrame | None = None, year: int = 2023,
                entity_type: str = "all", *, stratify: bool = True,
                level: float = 0.95) -> pd.DataFrame:
    """Zone shares of the sample against the official counts of the assessed population.

    The sample's zones are the official zones of its scores under the year's
    bands (printed labels are not used). The published scores are a part of a
    finite population, so they are compared with the rest of it by an exact
    test for sampling without replacement (:func:`hypergeometric_test`),
    stratified by entity type where per-type zone counts were printed (see
    :func:`population_cells`); the ``test`` column names the test and its
    strata. The sample is selected by construction (what the press printed):
    the p-value only says whether chance alone could explain the zone mix; the
    size of the bias is the ``difference`` column, with an interval.

    Parameters
    ----------
    sample : DataFrame, optional
        Rows in the schema of ``ombudsman`` (default: the curated table).
    year : int
        An assessment year with official zone counts (2021-2024).
    entity_type : str
        ``all`` or a type with its own official counts (e.g. ``kabupaten``).
    stratify : bool
        Stratify the test by entity type where per-type counts exist (only
        with ``entity_type="all"``).
    level : float
        Coverage of the excess-share interval.

    Returns
    -------
    DataFrame
        One row per zone (hijau, kuning, merah): ``year``, ``entity_type``,
        ``zone``, ``n_sample``, ``sample_share``, ``n_population``,
        ``population_share``, ``difference`` (excess share: sample minus
        population share, percentage points), ``excess_ci_low``,
        ``excess_ci_high`` (exact conditional interval of the excess share
        that the same publication process would give in expectation: it
        covers the chance in which entities got printed, not the selection
        itself), ``odds_ratio`` (odds of publication of this zone against the
        other zones, conditional MLE), ``test`` (its name in English),
        ``test_key`` and ``test_strata`` (the same as codes, see
        :func:`zone_test_name`), ``statistic`` (null probability of the
        observed zone totals), ``p_value`` (same on every row),
        ``population_source``.

    Raises
    ------
    analysis.DataError
        When no official zone counts exist for the year and type.

    Examples
    --------
    >>> from analysis.coverage import zone_shares
    >>> z = zone_shares(year=2023)
    >>> z[["zone", "n_population"]].values.tolist()
    [['hijau', 414], ['kuning', 133], ['merah', 39]]
    """
    sample = load("ombudsman") if sample is None else sample
    pop = _population_zones(year, entity_type)
    if pop is None:
        raise DataError.plain(f"no official zone counts for {entity_type} in {year}",
                              "years with national counts: see analysis.coverage.population()")
    counts_pop, source = pop
    rows = _year_rows(sample, year, entity_type)
    zones = _sample_zones(rows)
    counts = zones.value_counts().reindex(counts_pop.index, fill_value=0)
    n, big_n = int(counts.sum()), int(counts_pop.sum())
    key, strata, stat, p = _zone_test(rows, zones, counts, counts_pop, year, entity_type, stratify)
    out = pd.DataFrame({"year": year, "entity_type": entity_type, "zone": counts_pop.index,
                        "n_sample": counts.to_numpy(),
                        "sample_share": counts.to_numpy() / n if n else np.nan,
                        "n_population": counts_pop.to_numpy(),
                        "population_share": counts_pop.to_numpy() / big_n})
    out["difference"] = 100 * (out["sample_share"] - out["population_share"])
    _add_excess_intervals(out, n, big_n, level)
    out["test"], out["test_key"], out["test_strata"] = zone_test_name(key, strata), key, strata
    out["statistic"], out["p_value"], out["population_source"] = stat, p, source
    return out


def _year_rows(sample: pd.DataFrame, year: int, entity_type: str) -> pd.DataFrame:
    """Return the sample's rows of ``year`` and ``entity_type`` ("all": every type).

    The type is compared on the year's rows only: the whole column as text
    would cost more than the rest of :func:`zone_shares` on a large table.
    """
    rows = sample[sample["year"] == year]
    return rows if entity_type == "all" else rows[rows["entity_type"].astype(str) == entity_type]


def _add_excess_intervals(out: pd.DataFrame, n: int, big_n: int, level: float) -> None:
    """Add ``excess_ci_low``, ``excess_ci_high`` and ``odds_ratio`` to each zone's row."""
    intervals = [_excess_interval(int(k), n, int(kp), big_n, level) if n else (np.nan,) * 3
                 for k, kp in zip(out["n_sample"], out["n_population"], strict=True)]
    out["excess_ci_low"] = [i[1] for i in intervals]
    out["excess_ci_high"] = [i[2] for i in intervals]
    out["odds_ratio"] = [i[0] for i in intervals]


def zone_test_name(key: str, strata: str = "", lang: str = "en") -> str:
    """Return the name of the zone test ``key`` (column ``test_key`` of :func:`zone_shares`).

    ``key`` is "stratified", "pooled", "pooled_no_counts" or "none"; ``strata``
    the strata as codes (``test_strata``): entity types, the rest pooled as
    ``other=<type>+<type>``, or "".

    Examples
    --------
    >>> zone_test_name("stratified", "kabupaten, other=kota+provinsi", "id")[-57:]
    'menurut jenis entitas (kabupaten, lainnya: kota+provinsi)'
    """
    from analysis.plots.text import label

    parts = [label("zone_test.other", lang, types=p.removeprefix("other="))
             if p.startswith("other=") else p for p in strata.split(", ") if p]
    return label(f"zone_test.{key}", lang, strata=", ".join(parts))


def _zone_test(rows, zones, counts, counts_pop, year, entity_type, stratify):
    """Return (test key, strata, statistic, p) of the sample's zones against the population's.

    Stratified by entity type where the year printed per-type zone counts and
    ``stratify`` asks for it; a single table otherwise.
    """
    if int(counts.sum()) == 0:
        return "none", "", np.nan, np.nan
    cells = population_cells(year) if stratify and entity_type == "all" else pd.DataFrame()
    if cells.empty or len(cells["stratum"].unique()) == 1:
        stat, p = hypergeometric_test([counts.to_numpy()], [counts_pop.to_numpy()])
        key = "pooled" if entity_type != "all" or not stratify else "pooled_no_counts"
        return key, "", stat, p
    s_counts, p_counts, names = _strata_counts(rows.loc[zones.index], zones, cells)
    stat, p = hypergeometric_test(s_counts, p_counts)
    return "stratified", ", ".join(names), stat, p


def _strata_counts(rows: pd.DataFrame, zones: pd.Series, cells: pd.DataFrame):
    """Sample and population counts per stratum (rows: strata; columns: hijau, kuning, merah)."""
    order = _BEST_FIRST
    strata = _stratum_of(rows["entity_type"].astype(str), cells)
    s_counts, p_counts, names = [], [], []
    for name, g in cells.groupby("stratum", sort=True):
        p_counts.append(g.set_index("zone")["n_population"].reindex(order).to_numpy())
        s_counts.append(zones[strata == name].value_counts().reindex(order, fill_value=0)
                        .to_numpy())
        names.append(name if name != "other" else "other=" + "+".join(g["types"].iloc[0]))
    return np.array(s_counts), np.array(p_counts), names


def _stratum_of(types: pd.Series, cells: pd.DataFrame) -> pd.Series:
    """Return the stratum of each row's entity type (``all`` where one stratum holds all)."""
    lookup = {}
    for name, t in cells.drop_duplicates("stratum")[["stratum", "types"]].itertuples(index=False):
        for x in (t or ENTITY_TYPES):
            lookup[x] = name
    return types.map(lookup)


def reweight(sample: pd.DataFrame | None = None) -> pd.DataFrame:
    """Post-stratification weights from the population cells (stratum x zone).

    A cell is a zone within a stratum of :func:`population_cells`: an entity
    type with its own printed zone counts, the rest of the population where
    national counts exist, or the whole year where only national counts were
    printed. Each scored row gets ``weight = N_cell / n_cell`` (assessed
    entities in its cell over published scores in it), so the weighted
    sample has the population's counts in every cell it reaches: types are
    weighted by their size in the population, not in the sample. The
    assumption: within a cell, the published entities score like the
    unpublished ones. Cells with no published score cannot be stood for (see
    ``population_share_unrepresented`` in :func:`weighted_summary`). Years
    without complete official counts get no weight.

    Returns
    -------
    DataFrame
        The scored rows of ``sample`` in years with official counts, with
        ``zone_official`` (zone of the score under its year's bands),
        ``stratum`` ("<year> <type, other or all>") and ``weight``
        (assessed entities each published score stands for; missing where
        the row's type belongs to no stratum with counts).
    """
    sample = load("ombudsman") if sample is None else sample
    scored = sample[on_standard_scale(sample)].copy()
    cells = {int(y): population_cells(int(y)) for y in sorted(scored["year"].dropna().unique())}
    cells = {y: c for y, c in cells.items() if not c.empty}
    scored = scored[scored["year"].isin(list(cells))]
    scored["zone_official"] = _sample_zones(scored)
    scored["stratum"] = pd.Series(pd.NA, index=scored.index, dtype="string")
    scored["weight"] = np.nan
    for year, c in cells.items():
        in_year = scored["year"] == year
        stratum = _stratum_of(scored.loc[in_year, "entity_type"].astype(str), c)
        key = stratum.astype("string") + "|" + scored.loc[in_year, "zone_official"]
        n_cell = key.map(key.value_counts())
        big_n = key.map({f"{r.stratum}|{r.zone}": r.n_population for r in c.itertuples()})
        scored.loc[in_year, "weight"] = (big_n / n_cell).to_numpy(dtype=float)
        scored.loc[in_year, "stratum"] = (f"{year} " + stratum.astype("string")).to_numpy()
    return scored


def weighted_summary(sample: pd.DataFrame | None = None, threshold: float = 95.0
                     ) -> pd.DataFrame:
    """National summaries of the sample, raw and reweighted to the population cells.

    Returns
    -------
    DataFrame
        One row per year with weights: ``year``, ``n`` (published scores with
        a weight), ``n_population`` (assessed entities in the strata with
        counts), ``population_share_unrepresented`` (share of those entities
        in cells with no published score, which no weight can stand for),
        ``mean_raw``, ``mean_reweighted``, ``share95_raw``,
        ``share95_reweighted`` (share at or above ``threshold``), ``cells``
        (strata used, e.g. "kabupaten, other"), ``assumption``.
    """
    sample = load("ombudsman") if sample is None else sample
    w = reweight(sample)
    w = w[w["weight"].notna()]
    rows = []
    for year, g in w.groupby("year"):
        c = population_cells(int(year))
        reached = set(g["stratum"].str.split(" ", n=1).str[1] + "|" + g["zone_official"])
        keys = c["stratum"] + "|" + c["zone"]
        big_n = int(c["n_population"].sum())
        unrepresented = float(c.loc[~keys.isin(reached), "n_population"].sum()) / big_n
        top = (g["score"] >= threshold).astype(float)
        rows.append({"year": int(year), "n": len(g), "n_population": big_n,
                     "population_share_unrepresented": unrepresented,
                     "mean_raw": g["score"].mean(),
                     "mean_reweighted": np.average(g["score"], weights=g["weight"]),
                     "share95_raw": top.mean(),
                     "share95_reweighted": np.average(top, weights=g["weight"]),
                     "cells": ", ".join(sorted(c["stratum"].unique())) + " x zone",
                     "assumption": "within a cell (type x zone), published entities score like "
                                   "unpublished ones"})
    return pd.DataFrame(rows)


def selection_tests(sample: pd.DataFrame | None = None, years=None, zone: str = _TOP,
                    level: float = 0.95) -> pd.DataFrame:
    """Return the excess share of one zone and the exact tests, one row per year.

    Parameters
    ----------
    sample : DataFrame, optional
        Rows in the schema of ``ombudsman`` (default: the curated table).
    years : sequence of int, optional
        Years to report (default: every year of ``sample`` with official
        national zone counts).
    zone : str
        The zone whose excess share is reported.
    level : float
        Coverage of the interval.

    Returns
    -------
    DataFrame
        One row per year: ``year``, ``n_sample``, ``n_population``,
        ``excess`` (sample minus population share of ``zone``, points),
        ``excess_ci_low``, ``excess_ci_high``, ``test`` (stratified where
        per-type counts exist), ``p_value``, ``p_value_not_stratified``.
    """
    sample = load("ombudsman") if sample is None else sample
    if years is None:
        years = [int(y) for y in sorted(sample["year"].dropna().unique())
                 if _population_zones(int(y), "all") is not None]
    rows = []
    for year in years:
        z = zone_shares(sample, int(year), level=level)
        flat = zone_shares(sample, int(year), stratify=False, level=level)
        r = z.set_index("zone").loc[zone]
        rows.append({"year": int(year), "n_sample": int(z["n_sample"].sum()),
                     "n_population": int(z["n_population"].sum()), "excess": r["difference"],
                     "excess_ci_low": r["excess_ci_low"], "excess_ci_high": r["excess_ci_high"],
                     "test": r["test"], "p_value": r["p_value"],
                     "p_value_not_stratified": flat["p_value"].iloc[0]})
    return pd.DataFrame(rows)

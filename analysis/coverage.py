"""How much of the assessed population the curated sample covers.

The Ombudsman publishes how many entities it assessed each year (and how many
fell in each zone); ``ombudsman_summary`` holds those counts as printed. This
module sets the sample against them, so every summary can say what it covers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.loading import load

__all__ = ["population", "coverage", "coverage_note", "zone_shares", "reweight",
           "weighted_summary"]

_TYPES = ["kementerian", "lembaga", "provinsi", "kota", "kabupaten"]


def population() -> pd.DataFrame:
    """National counts of entities assessed, per year and type, as printed.

    Returns
    -------
    DataFrame
        Columns: ``year``, ``entity_type`` (a type, or ``all``), ``n_assessed``,
        ``n_hijau``, ``n_kuning``, ``n_merah``, ``source_id``; one row per year
        and type that some source printed (national scope only).
    """
    s = load("ombudsman_summary")
    s = s[s["scope"] == "national"]
    cols = ["year", "entity_type", "n_assessed", "n_hijau", "n_kuning", "n_merah", "source_id"]
    out = s[cols].copy()
    out["entity_type"] = out["entity_type"].astype(str)
    return out.reset_index(drop=True)


def coverage(table: pd.DataFrame | None = None, by=("year", "entity_type"),
             value: str = "score") -> pd.DataFrame:
    """Rows of the sample against the assessed population.

    Parameters
    ----------
    table : DataFrame, optional
        Rows in the schema of ``ombudsman`` (default: the curated table).
    by : sequence of str
        ``("year",)``, ``("year", "entity_type")`` or ``("year", "province")``.
        By province, the population is the province government and its
        regencies and cities in the 34-province frame (``regions``), for the
        near-census years 2021-2024 only (the assumption: every local
        government was assessed, as the national counts of 415-416 regencies
        and 98 cities imply); provinces are named as in that frame.
    value : str
        Column that must be present for a row to count (default ``score``).

    Returns
    -------
    DataFrame
        Columns: the ``by`` columns, ``n_sample`` (rows with a value),
        ``n_population`` (entities assessed, as printed, or the sum of the
        printed zone counts where only those were printed; missing where no
        source printed either), ``share`` (n_sample / n_population),
        ``population_source`` (source_id of the count).

    Examples
    --------
    >>> from analysis.coverage import coverage
    >>> c = coverage(by=("year",))
    >>> int(c.set_index("year").loc[2022, "n_population"])
    586
    """
    table = load("ombudsman") if table is None else table
    by = list(by)
    if "province" in by:
        return _coverage_by_province(table, by, value)
    # count first, then name the (few) groups as text: no copy or text conversion per row
    counts = (table.loc[table[value].notna(), by].groupby(by, observed=True, dropna=False)
              .size().rename("n_sample").reset_index()
              .dropna(subset=[c for c in by if c != "entity_type"]))
    if "entity_type" in counts:   # a missing type counts as the group "nan", as before
        counts["entity_type"] = counts["entity_type"].astype(str)
    counts = counts.sort_values(by).reset_index(drop=True)
    pop = population()
    if by == ["year"]:
        pop = pop[pop["entity_type"] == "all"].drop(columns="entity_type")
    pop = pop.rename(columns={"n_assessed": "n_population", "source_id": "population_source"})
    # where a source printed the zone counts but not their total, the total is their sum
    zone_sum = pop[["n_hijau", "n_kuning", "n_merah"]].sum(axis=1, min_count=3)
    pop["n_population"] = pop["n_population"].fillna(zone_sum)
    out = counts.merge(pop[[*by, "n_population", "population_source"]], on=by, how="left")
    out["n_population"] = out["n_population"].astype("Int64")
    out["share"] = (out["n_sample"] / out["n_population"]).astype("Float64")
    return out


def _coverage_by_province(table: pd.DataFrame, by: list, value: str) -> pd.DataFrame:
    regions = load("regions")
    frame19 = regions[regions["code_2019"].notna() | (regions["type"] != "provinsi")]
    size = frame19.groupby("province_2019").size()  # province government + regencies + cities
    code_to_prov = regions.set_index("region_code")["province_2019"]
    sample = table[table[value].notna() & table["region_code"].notna()].copy()
    sample["province"] = sample["region_code"].astype(str).map(code_to_prov)
    counts = sample.groupby(by, observed=True).size().rename("n_sample").reset_index()
    census = counts["year"].between(2021, 2024)
    counts["n_population"] = counts["province"].map(size).where(census).astype("Int64")
    counts["share"] = (counts["n_sample"] / counts["n_population"]).astype("Float64")
    counts["population_source"] = np.where(census, "kepmendagri-300.2.2-2430-2025", None)
    return counts


def coverage_note(table: pd.DataFrame, *, value: str = "score", lang: str = "en") -> str:
    """Return a one-line coverage note for a figure, generated from :func:`coverage`.

    Says how many values the figure shows and, for the years whose national
    population was printed, how many entities were assessed.

    Examples
    --------
    >>> import analysis
    >>> from analysis.coverage import coverage_note
    >>> omb = analysis.load("ombudsman")
    >>> coverage_note(omb[omb.year == 2022])  # doctest: +ELLIPSIS
    'n = ... scores of 586 entities assessed in 2022 (...%); ...'
    """
    cov = coverage(table, by=("year",), value=value)
    n = int(cov["n_sample"].sum())
    known = cov[cov["n_population"].notna()]
    words = {
        "en": ("scores", "entities assessed in", "population not printed for",
               "a sample of what was published, not the official lists"),
        "id": ("nilai", "entitas yang dinilai pada", "jumlah populasi tidak dimuat untuk",
               "sampel dari yang dipublikasikan, bukan daftar resmi"),
    }[lang]
    if len(cov) == 1 and len(known) == 1:
        r = known.iloc[0]
        head = (f"n = {n} {words[0]} of {int(r.n_population)} {words[1]} {int(r.year)} "
                f"({100 * float(r.share):.0f}%)")
    else:
        pop = int(known["n_population"].sum()) if len(known) else 0
        years = f"{int(cov.year.min())}-{int(cov.year.max())}" if len(cov) else ""
        head = f"n = {n} {words[0]}, {years}"
        if len(known):
            head += (f"; {int(known['n_sample'].sum())} of {pop} {words[1]} "
                     f"{', '.join(str(int(y)) for y in known.year)}")
        missing = cov[cov["n_population"].isna()]
        if len(missing):
            head += f"; {words[2]} {', '.join(str(int(y)) for y in missing.year)}"
    bias = _hijau_bias(table, cov["year"].tolist())
    if bias:
        lo, hi = min(bias.values()), max(bias.values())
        span = f"{lo:+.0f}" if len(bias) == 1 else f"{lo:+.0f} to {hi:+.0f}"
        head += ({"en": f"; share hijau vs official: {span} points",
                  "id": f"; proporsi hijau dibanding resmi: {span} poin"}[lang])
    if lang == "id":
        head = head.replace(" of ", " dari ")
    return f"{head}; {words[3]}"


def _hijau_bias(table: pd.DataFrame, years) -> dict[int, float]:
    """Sample minus population share of hijau (points) for the years with official zone counts."""
    out = {}
    for y in years:
        if _population_zones(int(y), "all") is None:
            continue
        z = _zone_counts(table, int(y))   # counts only: a footer runs no test
        if z["n_sample"].sum():
            out[int(y)] = float(z.loc[z["zone"] == "hijau", "difference"].iloc[0])
    return out


def _population_zones(year: int, entity_type: str = "all") -> tuple[pd.Series, str] | None:
    """Official zone counts of a year and type (from zone or A-E counts), with their source."""
    s = load("ombudsman_summary")
    row = s[(s["scope"] == "national") & (s["year"] == year)
            & (s["entity_type"].astype(str) == entity_type)]
    if row.empty:
        return None
    r = row.iloc[0]
    zones = [r["n_hijau"], r["n_kuning"], r["n_merah"]]
    if any(pd.isna(z) for z in zones):
        ops = [r[f"n_{x}"] for x in "abcde"]
        if any(pd.isna(o) for o in ops):
            return None
        zones = [ops[0] + ops[1], ops[2], ops[3] + ops[4]]
    return pd.Series([int(z) for z in zones], index=["hijau", "kuning", "merah"]), r["source_id"]


def _sample_zones(sample: pd.DataFrame) -> pd.Series:
    """Official zone of each scored row under its year's bands (printed labels are not used)."""
    from analysis.scales import ombudsman_band

    scored = sample[sample["score"].notna() & (sample["score"] <= 100)]
    zones = ombudsman_band(scored["score"].to_numpy(), scored["year"].to_numpy())["zone"]
    return pd.Series(zones.astype(str).to_numpy(), index=scored.index)


def _zone_counts_of(sample: pd.DataFrame, year: int, entity_type: str) -> pd.Series:
    """Count the scored rows of one year (and type) per official zone.

    Zones as :func:`_sample_zones` assigns them, counted on the zone codes: no copy of
    the rows, no text per row.
    """
    from analysis.scales import _ombudsman_codes

    years = sample["year"]
    mask = (years.to_numpy() if years.dtype.kind in "iuf"
            else years.to_numpy(dtype=float, na_value=np.nan)) == year
    if entity_type != "all":
        mask &= (sample["entity_type"].astype(str) == entity_type).to_numpy(dtype=bool)
    score = sample["score"].to_numpy(dtype=float, na_value=np.nan)[mask]
    _, codes, categories = _ombudsman_codes(score[~np.isnan(score) & (score <= 100)], year,
                                            labels=("zone",))
    zone = codes["zone"]
    return pd.Series(np.bincount(zone[zone >= 0], minlength=len(categories["zone"])),
                     index=categories["zone"])


def _multinomial_exact(counts: np.ndarray, probs: np.ndarray) -> float:
    """Exact multinomial goodness-of-fit p-value (sum of outcomes no more likely), 3 categories."""
    from scipy import stats

    n = int(counts.sum())
    observed = stats.multinomial.pmf(counts, n, probs)
    a = np.arange(n + 1)
    x1, x2 = np.meshgrid(a, a, indexing="ij")
    x3 = n - x1 - x2
    ok = x3 >= 0
    grid = np.stack([x1[ok], x2[ok], x3[ok]], axis=1)
    pmf = stats.multinomial.pmf(grid, n, probs)
    return float(min(1.0, pmf[pmf <= observed * (1 + 1e-7)].sum()))


def zone_shares(sample: pd.DataFrame | None = None, year: int = 2023,
                entity_type: str = "all") -> pd.DataFrame:
    """Zone shares of the sample against the official counts of the assessed population.

    The sample's zones are the official zones of its scores under the year's
    bands. Whether the sample could be a random draw from the population is
    tested with a chi-square goodness-of-fit test when every expected count is
    at least 5, and with the exact multinomial test otherwise (the ``test``
    column says which).

    Parameters
    ----------
    sample : DataFrame, optional
        Rows in the schema of ``ombudsman`` (default: the curated table).
    year : int
        An assessment year with official zone counts (2021-2024).
    entity_type : str
        ``all`` or a type with its own official counts (e.g. ``kabupaten``).

    Returns
    -------
    DataFrame
        One row per zone (hijau, kuning, merah): ``year``, ``entity_type``,
        ``zone``, ``n_sample``, ``sample_share``, ``n_population``,
        ``population_share``, ``difference`` (sample - population share, in
        percentage points), ``test``, ``statistic``, ``p_value``,
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
    from scipy import stats

    cols = _zone_columns(sample, year, entity_type)
    counts, probs = cols["n_sample"], cols["population_share"]
    n = int(counts.sum())
    expected = probs * n
    if n == 0:
        test, stat, p = "none (empty sample)", np.nan, np.nan
    elif (expected >= 5).all():
        res = stats.chisquare(counts, expected)
        test, stat, p = "chi-square goodness of fit (all expected counts >= 5)", \
            float(res.statistic), float(res.pvalue)
    else:
        test, stat = "exact multinomial (an expected count < 5)", np.nan
        p = _multinomial_exact(counts, probs)
    source = cols.pop("population_source")
    return pd.DataFrame({**cols, "test": test, "statistic": stat, "p_value": p,
                         "population_source": source})


def _zone_counts(sample: pd.DataFrame | None, year: int, entity_type: str = "all"
                 ) -> pd.DataFrame:
    """Return the columns of :func:`zone_shares` without its test (no scipy), for footers."""
    return pd.DataFrame(_zone_columns(sample, year, entity_type))


def _zone_columns(sample: pd.DataFrame | None, year: int, entity_type: str) -> dict:
    from analysis.errors import DataError

    sample = load("ombudsman") if sample is None else sample
    pop = _population_zones(year, entity_type)
    if pop is None:
        raise DataError.plain(f"no official zone counts for {entity_type} in {year}",
                              "years with national counts: see analysis.coverage.population()")
    counts_pop, source = pop
    counts = _zone_counts_of(sample, year, entity_type).reindex(counts_pop.index, fill_value=0)
    counts, n_pop = counts.to_numpy(), counts_pop.to_numpy()
    n = int(counts.sum())
    probs = n_pop / int(n_pop.sum())
    share = counts / n if n else np.full(len(counts), np.nan)
    return {"year": year, "entity_type": entity_type, "zone": counts_pop.index,
            "n_sample": counts, "sample_share": share, "n_population": n_pop,
            "population_share": probs, "difference": 100 * (share - probs),
            "population_source": source}


def reweight(sample: pd.DataFrame | None = None) -> pd.DataFrame:
    """Post-stratification weights that give the sample the official zone shares.

    Within each year and entity type (or the whole year where the type has no
    official counts), each scored row gets ``population share of its zone /
    sample share of its zone``; weights average 1 within a stratum. The
    assumption: within a zone, the published entities score like the
    unpublished ones. Years without official zone counts get no weight.

    Returns
    -------
    DataFrame
        The scored rows of ``sample`` with ``zone_official`` (zone of the score
        under its year's bands), ``stratum`` ("<year> <type or all>") and
        ``weight`` (missing where no official counts exist, or where a
        population zone has no sample row, which the weights cannot fix).
    """
    sample = load("ombudsman") if sample is None else sample
    scored = sample[sample["score"].notna() & (sample["score"] <= 100)].copy()
    counted = [y for y in sorted(scored["year"].dropna().unique())
               if any(_population_zones(int(y), t) for t in ("all", *_TYPES))]
    scored = scored[scored["year"].isin(counted)]
    scored["zone_official"] = _sample_zones(scored)
    scored["stratum"] = pd.NA
    scored["weight"] = np.nan
    for year in sorted(scored["year"].dropna().unique()):
        in_year = scored["year"] == year
        by_type = {t: _population_zones(int(year), t) for t in _TYPES}
        overall = _population_zones(int(year), "all")
        for t in _TYPES:
            mask = in_year & (scored["entity_type"].astype(str) == t)
            pop = by_type[t] or overall
            if pop is None or not mask.any():
                continue
            label = f"{int(year)} {t if by_type[t] else 'all'}"
            shares = pop[0] / pop[0].sum()
            sample_shares = scored.loc[mask, "zone_official"].value_counts(normalize=True)
            w = scored.loc[mask, "zone_official"].map(shares / sample_shares)
            scored.loc[mask, "weight"] = w.to_numpy(dtype=float)
            scored.loc[mask, "stratum"] = label
    return scored


def weighted_summary(sample: pd.DataFrame | None = None, threshold: float = 95.0
                     ) -> pd.DataFrame:
    """National summaries of the sample, raw and reweighted to the official zone shares.

    Returns
    -------
    DataFrame
        One row per year with weights: ``year``, ``n``,
        ``population_share_unrepresented`` (share of all assessed entities in
        zones with no published score, which no weight can stand for; missing
        where only per-type counts exist), ``mean_raw``, ``mean_reweighted``,
        ``share95_raw``, ``share95_reweighted`` (share at or above
        ``threshold``), ``assumption``.
    """
    w = reweight(sample)
    w = w[w["weight"].notna()]
    rows = []
    for year, g in w.groupby("year"):
        top = (g["score"] >= threshold).astype(float)
        z = _zone_counts(sample, int(year)) if _population_zones(int(year), "all") else None
        unrepresented = float(z.loc[z["n_sample"] == 0, "population_share"].sum()) \
            if z is not None else np.nan
        rows.append({"year": int(year), "n": len(g),
                     "population_share_unrepresented": unrepresented,
                     "mean_raw": g["score"].mean(),
                     "mean_reweighted": np.average(g["score"], weights=g["weight"]),
                     "share95_raw": top.mean(),
                     "share95_reweighted": np.average(top, weights=g["weight"]),
                     "assumption": "within a zone, published entities score like unpublished "
                                   "ones (post-stratification on the official zone counts)"})
    return pd.DataFrame(rows)

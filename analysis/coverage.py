"""How much of the assessed population the curated sample covers.

The Ombudsman publishes how many entities it assessed each year (and how many
fell in each zone); ``ombudsman_summary`` holds those counts as printed. This
module sets the sample against them, so every summary can say what it covers.
"""

from __future__ import annotations

import pandas as pd

from analysis.loading import load

__all__ = ["population", "coverage", "coverage_note"]

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
        ``("year",)`` or ``("year", "entity_type")``.
    value : str
        Column that must be present for a row to count (default ``score``).

    Returns
    -------
    DataFrame
        Columns: the ``by`` columns, ``n_sample`` (rows with a value),
        ``n_population`` (entities assessed, as printed; missing where no
        source printed it), ``share`` (n_sample / n_population),
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
    sample = table[table[value].notna()].copy()
    if "entity_type" in sample:
        sample["entity_type"] = sample["entity_type"].astype(str)
    counts = sample.groupby(by, observed=True).size().rename("n_sample").reset_index()
    pop = population()
    if by == ["year"]:
        pop = pop[pop["entity_type"] == "all"].drop(columns="entity_type")
    pop = pop.rename(columns={"n_assessed": "n_population", "source_id": "population_source"})
    out = counts.merge(pop[[*by, "n_population", "population_source"]], on=by, how="left")
    out["n_population"] = out["n_population"].astype("Int64")
    out["share"] = (out["n_sample"] / out["n_population"]).astype("Float64")
    return out


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
    if lang == "id":
        head = head.replace(" of ", " dari ")
    return f"{head}; {words[3]}"

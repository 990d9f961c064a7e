"""Coverage and selection bias, tested on synthetic populations whose answer is known."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError
from analysis.coverage import (
    coverage,
    coverage_note,
    hypergeometric_test,
    population_cells,
    reweight,
    selection_tests,
    weighted_summary,
    zone_shares,
)

# Official 2022 counts (Sonora, in data/ombudsman_summary.csv): 272 hijau, 250 kuning, 64 merah.
POP_2022 = {"hijau": 272, "kuning": 250, "merah": 64}
BANDS_2022 = {"hijau": (78, 100), "kuning": (54, 77.99), "merah": (0, 53.99)}


def _synthetic(rng, counts: dict, year=2022, entity_type="kabupaten"):
    # SYNTHETIC: scores drawn uniformly inside each zone's official band.
    rows = []
    for zone, n in counts.items():
        lo, hi = BANDS_2022[zone]
        for s in rng.uniform(lo, hi, n).round(2):
            rows.append({"entity": f"Synthetic {len(rows)}", "entity_type": entity_type,
                         "year": year, "score": float(s), "zone": zone})
    return pd.DataFrame(rows)


def _brute_force(strata):
    """Exact p-value by listing every subset: strata = [(population labels, sample size, observed
    zone counts)]. SYNTHETIC populations small enough to enumerate."""
    dists = []
    for labels, n, _ in strata:
        dist = {}
        subsets = list(combinations(range(len(labels)), n))
        for sub in subsets:
            key = tuple(sum(labels[i] == z for i in sub) for z in range(3))[:2]
            dist[key] = dist.get(key, 0) + 1 / len(subsets)
        dists.append(dist)
    total = {(0, 0): 1.0}
    for d in dists:
        nxt = {}
        for (a, b), p in total.items():
            for (c, e), q in d.items():
                nxt[(a + c, b + e)] = nxt.get((a + c, b + e), 0) + p * q
        total = nxt
    obs = (sum(s[2][0] for s in strata), sum(s[2][1] for s in strata))
    p_obs = total[obs]
    return p_obs, sum(p for p in total.values() if p <= p_obs * (1 + 1e-7))


def test_exact_test_equals_listing_every_subset_of_a_small_population():
    # SYNTHETIC population: 4 hijau, 3 kuning, 2 merah; every sample of 4 listed.
    labels = [0] * 4 + [1] * 3 + [2] * 2
    for observed in ([4, 0, 0], [2, 1, 1], [0, 2, 2], [1, 3, 0]):
        prob, p = hypergeometric_test([observed], [[4, 3, 2]])
        ref_prob, ref_p = _brute_force([(labels, 4, observed)])
        assert prob == pytest.approx(ref_prob, rel=1e-12)
        assert p == pytest.approx(ref_p, rel=1e-12)


def test_exact_test_matches_scipy_hypergeometric_and_fisher():
    from scipy import stats

    prob, _ = hypergeometric_test([[30, 12, 3]], [[272, 250, 64]])
    assert prob == pytest.approx(stats.multivariate_hypergeom.pmf([30, 12, 3], [272, 250, 64],
                                                                  45), rel=1e-9)
    # with an empty zone the test is Fisher's exact test of the 2 x 2 table
    _, p = hypergeometric_test([[9, 1, 0]], [[21, 4, 0]])
    assert p == pytest.approx(stats.fisher_exact([[9, 1], [12, 3]]).pvalue, rel=1e-9)


def test_stratified_exact_test_equals_listing_every_subset_of_each_stratum():
    # SYNTHETIC: two strata with different zone mixes; the statistic is the zone totals.
    a = [0] * 5 + [1] * 2 + [2] * 1
    b = [0] * 1 + [1] * 3 + [2] * 3
    obs_a, obs_b = [3, 0, 0], [1, 1, 1]
    prob, p = hypergeometric_test([obs_a, obs_b], [[5, 2, 1], [1, 3, 3]])
    ref_prob, ref_p = _brute_force([(a, 3, obs_a), (b, 3, obs_b)])
    assert prob == pytest.approx(ref_prob, rel=1e-12)
    assert p == pytest.approx(ref_p, rel=1e-12)
    with pytest.raises(DataError, match="exceed the population counts"):
        hypergeometric_test([[2, 0, 0]], [[1, 3, 3]])


def test_random_draws_without_replacement_are_rejected_at_the_nominal_rate():
    # SYNTHETIC: 400 simple random samples of 200 from the 2022 population (586). The exact
    # test rejects about 5% at 0.05; the chi-square test against the population shares ignores
    # the finite population and rejects far less (it is conservative, the point).
    from scipy import stats

    rng = np.random.default_rng(11)
    labels = np.repeat([0, 1, 2], list(POP_2022.values()))
    pop = np.array(list(POP_2022.values()))
    exact = chi = 0
    for _ in range(400):
        counts = np.bincount(rng.choice(labels, 200, replace=False), minlength=3)
        exact += hypergeometric_test([counts], [pop])[1] < 0.05
        chi += stats.chisquare(counts, pop / pop.sum() * 200).pvalue < 0.05
    assert 0.025 < exact / 400 < 0.075
    assert chi / 400 < 0.025


def test_a_sample_from_the_top_zone_only_is_flagged_with_the_stratified_test():
    z = zone_shares(_synthetic(np.random.default_rng(0), {"hijau": 60}), 2022)
    assert z.set_index("zone").loc["hijau", "difference"] == pytest.approx(100 - 100 * 272 / 586)
    assert z["p_value"].iloc[0] < 1e-6
    assert z["test"].iloc[0].startswith("exact multivariate hypergeometric")
    assert "stratified by entity type" in z["test"].iloc[0]
    flat = zone_shares(_synthetic(np.random.default_rng(0), {"hijau": 60}), 2022, stratify=False)
    assert "not stratified" in flat["test"].iloc[0]


def test_excess_share_interval_covers_the_publication_process_it_estimates():
    # SYNTHETIC publication process with a known bias: in a population of 272 hijau, 250 kuning
    # and 64 merah, each hijau entity is printed with probability 0.5, every other with 0.25.
    # Given n printed, the hijau count is Fisher's noncentral hypergeometric with odds ratio
    # (0.5 / 0.5) / (0.25 / 0.75) = 3; the true excess is its mean share minus 272 / 586.
    from scipy import stats

    from analysis.coverage import _excess_interval

    rng = np.random.default_rng(5)
    covered, runs = 0, 200
    for _ in range(runs):
        k = int(rng.binomial(272, 0.5))
        n = k + int(rng.binomial(314, 0.25))
        truth = 100 * (stats.nchypergeom_fisher(586, 272, n, 3.0).mean() / n - 272 / 586)
        _, lo, hi = _excess_interval(k, n, 272, 586, 0.95)
        covered += lo <= truth <= hi
    assert 0.92 <= covered / runs <= 0.99   # 0.935 here; an interval never missing is too wide


def test_population_cells_complete_rows_from_printed_totals_only():
    c = population_cells(2021).set_index(["stratum", "zone"])["n_population"]
    assert c.loc[("kementerian", "merah")] == 0          # 24 assessed = 17 hijau + 7 kuning
    assert c.loc[("kabupaten", "kuning")] == 226          # the national counts minus the others
    assert c.groupby(level="zone").sum().to_dict() == {"hijau": 179, "kuning": 316, "merah": 92}
    r = population_cells(2024).set_index(["stratum", "zone"])["n_population"]
    assert r.loc[("other", "hijau")] == 494 - 339 and r.loc[("other", "merah")] == 1
    assert set(population_cells(2023)["stratum"]) == {"all"}
    assert population_cells(2019).empty


def test_reweighting_weights_types_by_their_population_size():
    # SYNTHETIC: 2022 has official counts per type (kota 53/42/3 of 98; kabupaten 170/186/59
    # of 415). A sample of 60 kota and 15 kabupaten: the weighted sample must hold 98 kota and
    # 415 kabupaten, whatever the sample sizes.
    rng = np.random.default_rng(3)
    kota = _synthetic(rng, {"hijau": 40, "kuning": 18, "merah": 2}, entity_type="kota")
    kab = _synthetic(rng, {"hijau": 8, "kuning": 5, "merah": 2})
    kab["entity"] = kab["entity"] + " kab"
    w = reweight(pd.concat([kota, kab], ignore_index=True))
    assert w.groupby("entity_type")["weight"].sum().to_dict() == pytest.approx(
        {"kota": 98, "kabupaten": 415})
    cells = w.groupby(["entity_type", "zone_official"])["weight"].sum()
    assert cells[("kabupaten", "merah")] == pytest.approx(59)
    # the reweighted mean is each cell's sample mean weighted by the cell's population count
    pop = {("kota", "hijau"): 53, ("kota", "kuning"): 42, ("kota", "merah"): 3,
           ("kabupaten", "hijau"): 170, ("kabupaten", "kuning"): 186, ("kabupaten", "merah"): 59}
    means = w.groupby(["entity_type", "zone_official"])["score"].mean()
    truth = sum(pop[k] * means[k] for k in pop) / 513
    s = weighted_summary(pd.concat([kota, kab], ignore_index=True)).iloc[0]
    assert s["mean_reweighted"] == pytest.approx(truth, rel=1e-12)


def test_reweighting_restores_the_official_shares_and_reports_the_unrepresented():
    rng = np.random.default_rng(3)
    biased = _synthetic(rng, {"hijau": 150, "kuning": 40})
    w = reweight(biased)
    assert (w["stratum"] == "2022 kabupaten").all()
    s = weighted_summary(biased).iloc[0]
    # unrepresented: the regencies in merah (59) and every type with no published score
    assert s["population_share_unrepresented"] == pytest.approx((59 + 586 - 415) / 586)
    assert s["mean_raw"] > s["mean_reweighted"] + 5


def test_years_without_official_counts_get_no_weight_and_no_zone_test():
    sample = _synthetic(np.random.default_rng(4), {"hijau": 5}, year=2019)
    assert reweight(sample).empty
    with pytest.raises(DataError, match="no official zone counts"):
        zone_shares(sample, 2019)


def test_selection_tests_one_row_per_year():
    t = selection_tests(years=[2023, 2024]).set_index("year")
    assert "not stratified" in t.loc[2023, "test"] and "stratified by" in t.loc[2024, "test"]
    assert (t["excess_ci_low"] < t["excess"]).all() and (t["excess"] < t["excess_ci_high"]).all()
    # 2023 has no per-type counts: both p-values are the same test; 2024 is stratified
    assert t.loc[2023, "p_value"] == t.loc[2023, "p_value_not_stratified"]
    assert t.loc[2024, "p_value"] != t.loc[2024, "p_value_not_stratified"]


def test_coverage_note_runs_no_test(monkeypatch):
    import analysis.coverage as cov

    def boom(*args, **kwargs):
        raise AssertionError("coverage_note must stay cheap")

    monkeypatch.setattr(cov, "hypergeometric_test", boom)
    monkeypatch.setattr(cov, "_excess_interval", boom)
    omb = analysis.load("ombudsman")
    assert "share hijau vs official: +" in coverage_note(omb[omb.year == 2022])


def test_coverage_against_the_printed_population():
    c = coverage(by=("year",)).set_index("year")
    assert c.loc[2022, "n_population"] == 586 and c.loc[2023, "n_population"] == 586
    assert c.loc[2021, "n_population"] == 587   # the sum of the printed zone counts
    omb = analysis.load("ombudsman")
    scored_2022 = int((omb["score"].notna() & (omb["year"] == 2022)).sum())
    assert c.loc[2022, "n_sample"] == scored_2022
    assert c.loc[2022, "share"] == pytest.approx(scored_2022 / 586)
    # SYNTHETIC sample whose counts are known: 3 scored kota and 1 unscored in 2022, 2 in 2019
    f = pd.DataFrame({"entity": list("ABCDEF"), "entity_type": ["kota"] * 4 + ["kabupaten"] * 2,
                      "year": [2022] * 4 + [2019] * 2,
                      "score": [80.0, 70.0, 60.0, None, 90.0, 91.0]})
    s = coverage(f, by=("year",)).set_index("year")
    assert s["n_sample"].to_dict() == {2019: 2, 2022: 3}
    assert s.loc[2022, "share"] == pytest.approx(3 / 586)
    assert pd.isna(s.loc[2019, "n_population"]) and pd.isna(s.loc[2019, "share"])
    k = coverage(f).set_index(["year", "entity_type"])
    assert k.loc[(2022, "kota"), "share"] == pytest.approx(3 / 98)
    t = coverage().set_index(["year", "entity_type"])
    assert t.loc[(2022, "kota"), "n_population"] == 98


def test_coverage_note_is_generated_and_names_the_bias():
    omb = analysis.load("ombudsman")
    note = coverage_note(omb[omb.year == 2022])
    n = int(omb[(omb.year == 2022) & omb.score.notna()].shape[0])
    assert note.startswith(f"n = {n} scores of 586 entities assessed in 2022")
    assert "share hijau vs official: +" in note
    assert "sampel" in coverage_note(omb[omb.year == 2022], lang="id")


def test_coverage_by_province_uses_the_34_province_frame_in_census_years():
    c = coverage(by=("year", "province")).set_index(["year", "province"])
    assert c.loc[(2023, "Sulawesi Selatan"), "n_population"] == 25      # 24 + the province
    assert c.loc[(2022, "Jambi"), "n_population"] == 12
    assert pd.isna(c.loc[(2018, "Sumatera Utara"), "n_population"])    # a rotating sample year
    assert c["share"].dropna().between(0, 1).all()
    # SYNTHETIC: two scored Jambi governments and one unscored in 2022, one in 2018
    f = pd.DataFrame({"entity": list("ABCD"), "entity_type": "kota", "year": [2022] * 3 + [2018],
                      "region_code": ["15", "15.71", "15.72", "15.71"],
                      "score": [80.0, 70.0, None, 75.0]})
    j = coverage(f, by=("year", "province")).set_index(["year", "province"])
    assert j.loc[(2022, "Jambi"), "n_sample"] == 2
    assert j.loc[(2022, "Jambi"), "share"] == pytest.approx(2 / 12)
    assert pd.isna(j.loc[(2018, "Jambi"), "share"])



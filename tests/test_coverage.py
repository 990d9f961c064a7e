"""Coverage and selection bias, tested on synthetic samples whose true bias is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError
from analysis.coverage import (
    _multinomial_exact,
    coverage,
    coverage_note,
    reweight,
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


def test_a_sample_from_the_top_zone_only_is_flagged():
    z = zone_shares(_synthetic(np.random.default_rng(0), {"hijau": 60}), 2022)
    assert z.set_index("zone").loc["hijau", "difference"] == pytest.approx(100 - 100 * 272 / 586)
    assert z["p_value"].iloc[0] < 1e-6
    assert z["test"].iloc[0].startswith("chi-square")


def test_random_samples_are_usually_not_flagged():
    rng = np.random.default_rng(1)
    probs = np.array(list(POP_2022.values())) / 586
    rejected = 0
    for _ in range(200):
        counts = dict(zip(POP_2022, rng.multinomial(120, probs), strict=True))
        if zone_shares(_synthetic(rng, counts), 2022)["p_value"].iloc[0] < 0.05:
            rejected += 1
    assert rejected / 200 < 0.10     # about 5% expected


def test_small_samples_use_the_exact_multinomial_test():
    z = zone_shares(_synthetic(np.random.default_rng(2), {"hijau": 3, "kuning": 1}), 2022)
    assert z["test"].iloc[0].startswith("exact multinomial")
    # brute force over all outcomes of n = 4 gives the same p-value
    from itertools import product

    from scipy import stats

    probs = np.array(list(POP_2022.values())) / 586
    observed = stats.multinomial.pmf([3, 1, 0], 4, probs)
    total = sum(stats.multinomial.pmf([a, b, 4 - a - b], 4, probs)
                for a, b in product(range(5), range(5)) if a + b <= 4
                and stats.multinomial.pmf([a, b, 4 - a - b], 4, probs) <= observed * (1 + 1e-7))
    assert z["p_value"].iloc[0] == pytest.approx(total)
    assert _multinomial_exact(np.array([0, 0, 0]), probs) == pytest.approx(1.0)


def test_reweighting_restores_the_official_shares_and_the_population_mean():
    rng = np.random.default_rng(3)
    biased = _synthetic(rng, {"hijau": 150, "kuning": 40, "merah": 10})
    w = reweight(biased)
    # regencies have their own official 2022 counts: 170 hijau, 186 kuning, 59 merah of 415
    pop = {"hijau": 170, "kuning": 186, "merah": 59}
    assert (w["stratum"] == "2022 kabupaten").all()
    shares = w.groupby("zone_official")["weight"].sum() / w["weight"].sum()
    for zone, n in pop.items():
        assert shares[zone] == pytest.approx(n / 415)
    # the population mean, with scores uniform inside each band
    truth = sum(n * np.mean(BANDS_2022[z]) for z, n in pop.items()) / 415
    s = weighted_summary(biased).iloc[0]
    assert s["mean_reweighted"] == pytest.approx(truth, abs=1.5)
    assert s["mean_raw"] > s["mean_reweighted"] + 5


def test_years_without_official_counts_get_no_weight_and_no_zone_test():
    sample = _synthetic(np.random.default_rng(4), {"hijau": 5}, year=2019)
    assert reweight(sample).empty
    with pytest.raises(DataError, match="no official zone counts"):
        zone_shares(sample, 2019)


def test_coverage_against_the_printed_population():
    c = coverage(by=("year",)).set_index("year")
    assert c.loc[2022, "n_population"] == 586 and c.loc[2023, "n_population"] == 586
    assert c.loc[2021, "n_population"] == 587   # the sum of the printed zone counts
    assert 0 < c.loc[2022, "share"] < 1
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
    assert (c["share"].dropna() <= 1).all()

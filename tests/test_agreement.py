"""Agreement statistics on synthetic data made here (labelled synthetic), against known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.agreement import (
    MIN_PAIRS,
    TooFewPairsWarning,
    bland_altman,
    instruments_side_by_side,
    lins_ccc,
    rank_correlation,
    rank_correlation_checks,
    self_vs_ministry,
    weighted_kappa,
    wilcoxon_pratt,
)


def _synthetic_pekppp():
    # SYNTHETIC: three entities, self-assessment 0.5 below the ministry's index.
    rows = []
    for i, (m, cat_m, cat_s) in enumerate([(4.6, "A", "A-"), (4.0, "B", "B-"), (3.2, "B-", "C")]):
        for assessor, v, c in [("ministry", m, cat_m), ("self", m - 0.5, cat_s)]:
            rows.append({"entity": f"Synthetic {i}", "entity_type": "kota", "year": 2024,
                         "assessor": assessor, "ipp": v, "category": c, "source_id": "synthetic"})
    rows.append({"entity": "Synthetic 9", "entity_type": "kota", "year": 2024,
                 "assessor": "self", "ipp": 4.0, "category": "B", "source_id": "synthetic"})
    return pd.DataFrame(rows)


def test_self_vs_ministry_pairs_only_entities_with_both():
    pairs = self_vs_ministry(_synthetic_pekppp())
    assert pairs["entity"].tolist() == ["Synthetic 0", "Synthetic 1", "Synthetic 2"]
    assert np.allclose(pairs["diff"], -0.5)
    assert np.allclose(pairs["mean"], pairs["ministry"] - 0.25)


def test_bland_altman_known_values():
    rng = np.random.default_rng(1)
    truth = rng.uniform(3, 5, 5000)
    a = truth + rng.normal(0.3, 0.2, truth.size)  # SYNTHETIC: bias 0.3, sd 0.2
    ba = bland_altman(a, truth)
    assert ba["bias"] == pytest.approx(0.3, abs=0.01)
    assert ba["sd"] == pytest.approx(0.2, abs=0.01)
    assert ba["loa_high"] - ba["loa_low"] == pytest.approx(2 * 1.959964 * ba["sd"])
    assert ba["bias_ci_low"] < 0.3 < ba["bias_ci_high"]


def test_wilcoxon_uses_pratt_and_detects_a_shift():
    a = np.arange(20, dtype=float)
    res = wilcoxon_pratt(a + 1.0, a)
    assert res["p_value"] < 0.001
    same = wilcoxon_pratt(a, a)  # all differences zero: no test
    assert np.isnan(same["p_value"])


def test_lins_ccc_penalises_a_shift_that_pearson_ignores():
    x = np.linspace(0, 10, 50)
    res = lins_ccc(x, x + 2)
    assert res["pearson_r"] == pytest.approx(1.0)
    assert res["ccc"] < 0.9
    # Lin (1989): ccc = 2 s_xy / (s_x^2 + s_y^2 + (mx - my)^2)
    expected = 2 * x.var() / (2 * x.var() + 4)
    assert res["ccc"] == pytest.approx(expected)


def _lin_interval_by_hand(x, y, level=0.95):
    # Lin (1989), eq. 6 and 7 (with the 2000 correction), written out independently of
    # analysis.agreement: the variance of the CCC itself, then carried to Fisher's z by the delta
    # method (d arctanh(c) / dc = 1 / (1 - c^2)), interval back-transformed.
    from statistics import NormalDist

    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sx = sum((a - mx) ** 2 for a in x) / n
    sy = sum((b - my) ** 2 for b in y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / n
    c = 2 * sxy / (sx + sy + (mx - my) ** 2)
    r = sxy / (sx * sy) ** 0.5
    u = (mx - my) / (sx * sy) ** 0.25
    var_c = ((1 - r**2) * c**2 * (1 - c**2) / r**2 + 2 * c**3 * (1 - c) * u**2 / r
             - c**4 * u**4 / (2 * r**2)) / (n - 2)
    se_z = (var_c / (1 - c**2) ** 2) ** 0.5
    z = 0.5 * np.log((1 + c) / (1 - c))
    q = NormalDist().inv_cdf(0.5 + level / 2)
    return c, np.tanh(z - q * se_z), np.tanh(z + q * se_z)


def test_lins_ccc_interval_matches_lins_variance_written_out():
    rng = np.random.default_rng(2)
    x = rng.normal(size=30)
    y = 0.8 * x + 0.4 + rng.normal(scale=0.5, size=30)       # SYNTHETIC: shift and scale bias
    res = lins_ccc(x, y)
    c, lo, hi = _lin_interval_by_hand(x.tolist(), y.tolist())
    assert res["ccc"] == pytest.approx(c, rel=1e-12)
    assert (res["ci_low"], res["ci_high"]) == pytest.approx((lo, hi), rel=1e-9)
    c90, lo90, hi90 = _lin_interval_by_hand(x.tolist(), y.tolist(), level=0.90)
    res90 = lins_ccc(x, y, level=0.90)
    assert (res90["ci_low"], res90["ci_high"]) == pytest.approx((lo90, hi90), rel=1e-9)


def test_lins_ccc_interval_covers_the_true_ccc_95_times_in_100():
    # SYNTHETIC: x ~ N(0, 1), y = 0.9 x + 0.3 + N(0, 0.6^2), so var y = 1.17, cov = 0.9 and the
    # true CCC is 2 * 0.9 / (1 + 1.17 + 0.3^2). 300 samples of 40 pairs: a 95% interval should
    # cover it in 0.90-0.99 of them (binomial SD 0.013), and its width should match the spread
    # of the estimates on the z scale.
    rng = np.random.default_rng(5)
    truth = 2 * 0.9 / (1 + 1.17 + 0.09)
    covered, z, se = 0, [], []
    for _ in range(300):
        x = rng.normal(size=40)
        res = lins_ccc(x, 0.9 * x + 0.3 + rng.normal(scale=0.6, size=40))
        covered += res["ci_low"] <= truth <= res["ci_high"]
        z.append(np.arctanh(res["ccc"]))
        se.append((np.arctanh(res["ci_high"]) - np.arctanh(res["ci_low"])) / (2 * 1.959964))
    assert 0.90 <= covered / 300 <= 0.99
    assert np.mean(se) == pytest.approx(np.std(z), rel=0.15)


def test_weighted_kappa_known_table():
    # Hand-computed: 2x2 categories, linear weights equal unweighted kappa.
    a = ["A", "A", "B", "B"]
    b = ["A", "B", "B", "B"]
    res = weighted_kappa(a, b, ["B", "A"], min_pairs=4)
    # po = 0.75; pe = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = 0.5
    assert res["kappa"] == pytest.approx(0.5)
    assert res["observed_agreement"] == pytest.approx(0.75)


def test_weighted_kappa_weights_far_disagreements_more():
    cats = ["C", "B", "A"]
    near = weighted_kappa(["A", "B", "C", "A"], ["B", "B", "C", "A"], cats, min_pairs=4)
    far = weighted_kappa(["A", "B", "C", "A"], ["C", "B", "C", "A"], cats, min_pairs=4)
    assert far["kappa"] < near["kappa"]


def test_instruments_side_by_side_and_rank_correlation():
    omb = pd.DataFrame({"entity": ["E1", "E2", "E3", "E4"], "entity_type": ["kota"] * 4,
                        "year": [2023] * 4, "score": [70.0, 80.0, 90.0, np.nan],
                        "zone": ["kuning", "hijau", "hijau", None], "source_id": ["s"] * 4})
    pek = pd.DataFrame({"entity": ["E1", "E2", "E3", "E4"], "entity_type": ["kota"] * 4,
                        "year": [2023] * 4, "assessor": ["ministry"] * 4,
                        "ipp": [3.0, 4.0, 4.5, 4.0], "category": ["B-", "B", "A-", "B"],
                        "source_id": ["t"] * 4})
    both = instruments_side_by_side(omb, pek)
    assert both["entity"].tolist() == ["E1", "E2", "E3"]
    assert (both["era"] == "ombudsman-2022").all()
    assert rank_correlation(both["score"], both["ipp"], min_pairs=3)["rho"] == pytest.approx(1.0)


@pytest.mark.parametrize("name,call", [
    ("bland_altman", lambda a, b: bland_altman(a, b)),
    ("lins_ccc", lambda a, b: lins_ccc(a, b)),
    ("wilcoxon_pratt", lambda a, b: wilcoxon_pratt(a, b)),
    ("rank_correlation", lambda a, b: rank_correlation(a, b)),
    ("weighted_kappa", lambda a, b: weighted_kappa(np.where(a > 3.5, "A", "B"),
                                                   np.where(b > 3.5, "A", "B"), ["B", "A"])),
])
def test_statistics_below_their_minimum_are_refused_with_a_warning(name, call):
    # SYNTHETIC pairs: one fewer than the documented minimum, then exactly the minimum
    rng = np.random.default_rng(3)
    need = MIN_PAIRS[name]
    a = rng.uniform(3, 5, need)
    b = a + rng.normal(0.2, 0.3, need)
    with pytest.warns(TooFewPairsWarning, match=f"{name}: {need - 1} pair"):
        few = call(a[:-1], b[:-1])
    assert few["n"] == need - 1
    assert few.drop("n").isna().all()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", TooFewPairsWarning)
        enough = call(a, b)
    assert enough.drop("n").notna().any()


def test_two_pairs_give_the_differences_and_no_statistic():
    # the published data: two self/ministry pairs
    import analysis

    pairs = self_vs_ministry(analysis.load("pekppp"))
    assert len(pairs) < min(MIN_PAIRS.values())
    with pytest.warns(TooFewPairsWarning):
        ba = bland_altman(pairs["self"], pairs["ministry"])
    assert np.isnan(ba["loa_low"]) and np.isnan(ba["bias"])


def test_rank_correlation_interval_covers_the_true_spearman_rho():
    # SYNTHETIC bivariate normal with Pearson 0.5: Spearman's rho is (6 / pi) asin(0.25)
    rng = np.random.default_rng(12)
    truth = 6 / np.pi * np.arcsin(0.25)
    cov = [[1, 0.5], [0.5, 1]]
    covered = 0
    for _ in range(400):
        x, y = rng.multivariate_normal([0, 0], cov, 28).T
        r = rank_correlation(x, y)
        covered += r["ci_low"] <= truth <= r["ci_high"]
    assert 0.92 <= covered / 400 <= 0.98


def test_rank_correlation_checks_per_year_per_entity_and_without_extremes():
    # SYNTHETIC: 12 entities in 2023 and 2024 that agree perfectly, plus two low outliers in
    # 2022 that carry an otherwise absent association.
    rows = []
    for year in (2023, 2024):
        for i in range(12):
            rows.append({"entity": f"E{i}", "year": year, "score": 80.0 + i,
                         "ipp": 4.0 + 0.05 * ((i * 7) % 12)})
    rows += [{"entity": "L1", "year": 2022, "score": 60.0, "ipp": 2.0},
             {"entity": "L2", "year": 2022, "score": 61.0, "ipp": 2.1}]
    c = rank_correlation_checks(pd.DataFrame(rows)).set_index("check")
    assert c.loc["all entity-years", "n"] == 26
    assert np.isnan(c.loc["2022 only", "rho"])                      # two pairs: refused
    assert c.loc["one row per entity (latest year)", "n"] == 14
    assert c.loc["without the 2 lowest ipp", "rho"] < c.loc["all entity-years", "rho"]
    assert c.loc["2024 only", "n_entities"] == 12

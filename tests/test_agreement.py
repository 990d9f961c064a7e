"""Agreement statistics on synthetic data made here (labelled synthetic), against known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.agreement import (
    bland_altman,
    instruments_side_by_side,
    lins_ccc,
    rank_correlation,
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


def test_lins_ccc_interval_covers_the_estimate():
    rng = np.random.default_rng(2)
    x = rng.normal(size=200)
    res = lins_ccc(x, x + rng.normal(scale=0.5, size=200))
    assert res["ci_low"] < res["ccc"] < res["ci_high"]


def test_weighted_kappa_known_table():
    # Hand-computed: 2x2 categories, linear weights equal unweighted kappa.
    a = ["A", "A", "B", "B"]
    b = ["A", "B", "B", "B"]
    res = weighted_kappa(a, b, ["B", "A"])
    # po = 0.75; pe = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = 0.5
    assert res["kappa"] == pytest.approx(0.5)
    assert res["observed_agreement"] == pytest.approx(0.75)


def test_weighted_kappa_weights_far_disagreements_more():
    cats = ["C", "B", "A"]
    near = weighted_kappa(["A", "B", "C", "A"], ["B", "B", "C", "A"], cats)
    far = weighted_kappa(["A", "B", "C", "A"], ["C", "B", "C", "A"], cats)
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
    assert rank_correlation(both["score"], both["ipp"])["rho"] == pytest.approx(1.0)

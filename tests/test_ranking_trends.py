"""Rank intervals, zone shares, ceiling, regression to the mean and era trends on synthetic data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import DataError
from analysis.ranking import rank_intervals, score_se
from analysis.trends import (
    ceiling_share,
    regression_to_mean,
    within_era_trend,
    zone_shares_over_time,
)


def _synthetic_scores(n=60, years=(2022, 2023, 2024), slope=2.0, seed=3):
    # SYNTHETIC: entities with a true level, a common trend and noise.
    rng = np.random.default_rng(seed)
    level = rng.uniform(60, 85, n)
    rows = [{"entity": f"Synthetic {i:02d}", "entity_type": "kota", "year": y,
             "score": float(np.clip(level[i] + slope * (y - years[0]) + rng.normal(0, 3), 0, 100))}
            for i in range(n) for y in years]
    return pd.DataFrame(rows)


def test_rank_intervals_are_wide_for_close_scores_and_narrow_for_distant_ones():
    f = pd.DataFrame({"entity": ["A", "B", "C", "D"], "year": 2023, "entity_type": "kota",
                      "score": [99.0, 98.8, 98.7, 40.0]})
    r = rank_intervals(f).set_index("entity")
    assert r.loc["D", ["rank", "rank_low", "rank_high"]].tolist() == [4, 4, 4]
    assert r.loc["B", "rank_low"] == 1 and r.loc["B", "rank_high"] == 3
    assert (r["rank_low"] <= r["rank"]).all() and (r["rank"] <= r["rank_high"]).all()


def test_rank_intervals_are_deterministic_and_grouped():
    f = _synthetic_scores()
    a, b = rank_intervals(f), rank_intervals(f)
    pd.testing.assert_frame_equal(a, b)
    assert a.groupby("year")["rank"].max().tolist() == [60, 60, 60]


def test_more_respondents_narrow_the_interval():
    f = _synthetic_scores()
    wide = rank_intervals(f, n_users=30)
    narrow = rank_intervals(f, n_users=3000)
    assert (narrow["rank_high"] - narrow["rank_low"]).mean() < (
        wide["rank_high"] - wide["rank_low"]).mean()
    assert score_se(50.0, 100) == pytest.approx(5.0)


def test_zone_shares_from_zone_counts_and_from_opinion_counts():
    na = pd.NA
    s = pd.DataFrame({
        "year": [2022, 2024], "entity_type": ["all", "all"], "scope": ["national"] * 2,
        "n_assessed": [586, 587], "n_hijau": [272, na], "n_kuning": [250, na],
        "n_merah": [64, na], "n_a": [na, 337], "n_b": [na, 157], "n_c": [na, 70],
        "n_d": [na, 14], "n_e": [na, 9], "source_id": ["x", "y"]})
    z = zone_shares_over_time(s).set_index("year")
    assert z.loc[2022, "hijau"] == pytest.approx(272 / 586)
    assert z.loc[2024, "hijau"] == pytest.approx(494 / 587)
    assert z.loc[2024, "basis"] == "from opinion counts"
    assert z.loc[2022, "era"] == "ombudsman-2022"


def test_zone_counts_that_do_not_add_up_raise():
    s = pd.DataFrame({"year": [2022], "entity_type": ["all"], "scope": ["national"],
                      "n_assessed": [600], "n_hijau": [272], "n_kuning": [250], "n_merah": [64],
                      **{f"n_{x}": [pd.NA] for x in "abcde"}, "source_id": ["x"]})
    with pytest.raises(DataError, match="add up to 586"):
        zone_shares_over_time(s)


def test_ceiling_share_with_interval():
    f = pd.DataFrame({"entity": list("ABCD"), "year": 2024, "score": [95.0, 94.99, 99.0, 50.0]})
    c = ceiling_share(f).iloc[0]
    assert (c["n"], c["k"], c["share"]) == (4, 2, 0.5)
    assert c["ci_low"] < 0.5 < c["ci_high"]


def test_regression_to_the_mean_on_pure_noise():
    # SYNTHETIC: no true change at all, only measurement noise: change still depends on
    # baseline, and the observed slope matches the pure-RTM slope r - 1.
    rng = np.random.default_rng(4)
    truth = rng.normal(75, 8, 4000)
    rows = [{"entity": f"S{i}", "year": y, "score": truth[i] + rng.normal(0, 6)}
            for i in range(truth.size) for y in (2022, 2024)]
    pairs, s = regression_to_mean(pd.DataFrame(rows), 2022, 2024)
    assert s["slope_observed"] < -0.2
    assert s["slope_observed"] == pytest.approx(s["slope_rtm"], abs=0.03)
    assert abs(s["oldham_r"]) < 0.05
    assert len(pairs) == 4000


def test_regression_to_the_mean_refuses_an_era_break():
    with pytest.raises(DataError, match="not comparable across eras"):
        regression_to_mean(_synthetic_scores(years=(2021, 2022)), 2021, 2022)


def test_within_era_trend_recovers_the_slope_and_never_spans_eras():
    f = pd.concat([_synthetic_scores(years=(2022, 2023, 2024), slope=2.0),
                   _synthetic_scores(years=(2016, 2017, 2018), slope=-1.0, seed=5)])
    t = within_era_trend(f).set_index("era")
    assert t.loc["ombudsman-2022", "slope"] == pytest.approx(2.0, abs=0.5)
    assert t.loc["ombudsman-2015", "slope"] == pytest.approx(-1.0, abs=0.5)
    assert (t["ci_low"] < t["slope"]).all() and (t["slope"] < t["ci_high"]).all()
    assert t.loc["ombudsman-2022", "first_year"] == 2022


def test_within_estimator_equals_the_dummy_variable_regression():
    import statsmodels.formula.api as smf

    f = _synthetic_scores(n=25, years=(2022, 2023, 2024), slope=1.5, seed=9)
    fast = within_era_trend(f).iloc[0]
    ref = smf.ols("score ~ year + C(entity)", data=f).fit(cov_type="HC1")
    assert fast["slope"] == pytest.approx(ref.params["year"], rel=1e-9)
    lo, hi = ref.conf_int().loc["year"]
    # same HC1 standard error; the interval uses the t distribution with n - k df
    from scipy import stats

    df = len(f) - (1 + f["entity"].nunique())
    half = stats.t.ppf(0.975, df) * ref.bse["year"]
    assert (fast["ci_high"] - fast["ci_low"]) / 2 == pytest.approx(half, rel=1e-9)
    assert lo < fast["slope"] < hi

"""Rank intervals, zone shares, ceiling, regression to the mean and era trends on synthetic data
whose answer is known (a measurement-error model with known reliability, a panel with known
cluster structure)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import DataError
from analysis.ranking import measurement_sd, rank_intervals
from analysis.trends import (
    ceiling_share,
    regression_to_mean,
    retest_correlations,
    rtm_selection,
    wilson_interval,
    within_era_trend,
    year_effects,
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


def _measurement_model(n=3000, reliability=0.8, years=(2022, 2023, 2024), seed=4,
                       shrink=1.0):
    # SYNTHETIC: true scores T ~ N(75, 8^2), fixed over the years (or, with shrink < 1, pulled
    # towards 75 in the last year); each year's score is T + independent error of SD
    # 8 * sqrt((1 - rel) / rel), so one year's reliability is exactly `reliability`.
    rng = np.random.default_rng(seed)
    truth = rng.normal(75, 8, n)
    err = 8 * np.sqrt((1 - reliability) / reliability)
    rows = []
    for y in years:
        t = 75 + shrink * (truth - 75) if y == years[-1] else truth
        for i, v in enumerate(t + rng.normal(0, err, n)):
            rows.append({"entity": f"S{i}", "entity_type": "kota", "year": y, "score": float(v)})
    return pd.DataFrame(rows), err


def test_rank_intervals_are_wide_for_close_scores_and_narrow_for_distant_ones():
    f = pd.DataFrame({"entity": ["A", "B", "C", "D"], "year": 2023, "entity_type": "kota",
                      "score": [99.0, 98.8, 98.7, 40.0]})
    r = rank_intervals(f, sd=(1.0, 2.0)).set_index("entity")
    assert r.loc["D", ["rank", "rank_low", "rank_high"]].tolist() == [4, 4, 4]
    assert r.loc["B", "rank_low"] == 1 and r.loc["B", "rank_high"] == 3
    assert (r["rank_low"] <= r["rank"]).all() and (r["rank"] <= r["rank_high"]).all()


def test_rank_intervals_of_a_group_do_not_depend_on_the_other_groups():
    f = _synthetic_scores()
    alone = rank_intervals(f[f.year == 2023], sd=3.0).reset_index(drop=True)
    together = rank_intervals(f, sd=3.0)
    together = together[together.year == 2023].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, together)
    pd.testing.assert_frame_equal(rank_intervals(f, sd=3.0), rank_intervals(f, sd=3.0))
    assert together["rank"].max() == 60


def test_a_larger_error_sd_widens_the_intervals_and_both_are_reported():
    f = _synthetic_scores()
    r = rank_intervals(f, sd=(1.0, 6.0), n_frame=80)
    wide = (r["rank_high"] - r["rank_low"]).mean()
    narrow = (r["rank_high_sd_low"] - r["rank_low_sd_low"]).mean()
    assert narrow < 0.5 * wide
    assert (r["frame_rank_high"] == r["rank_high"] + 20).all()       # 20 without a score


def test_the_respondent_model_is_gone():
    f = _synthetic_scores()
    with pytest.warns(FutureWarning, match="ignores n_users"):
        old = rank_intervals(f, sd=2.0, n_users=30)
    pd.testing.assert_frame_equal(old, rank_intervals(f, sd=2.0))
    with pytest.raises(DataError, match="no default measurement SD"):
        rank_intervals(f.rename(columns={"score": "ipp"}), value="ipp")


def test_retest_correlations_recovers_a_known_reliability_and_error_sd():
    frame, err = _measurement_model(reliability=0.8)
    t = retest_correlations(frame)
    assert t["r"].to_numpy() == pytest.approx([0.8, 0.8], abs=0.02)
    assert t["sd_error"].to_numpy() == pytest.approx([err, err], rel=0.05)
    lo, hi = measurement_sd(frame, era="ombudsman-2022")
    assert lo == pytest.approx(err, rel=0.05) and hi == pytest.approx(err, rel=0.05)


def test_regression_to_the_mean_on_pure_noise_with_known_reliability():
    # no true change at all: change depends on baseline with slope reliability - 1 = -0.2,
    # the adjacent-year reliability predicts it, and Oldham's test finds nothing.
    frame, _ = _measurement_model(reliability=0.8)
    pairs, s = regression_to_mean(frame, 2022, 2024)
    assert len(pairs) == 3000
    assert s["slope_observed"] == pytest.approx(-0.2, abs=0.03)
    assert s["slope_noise_low"] - 0.03 < s["slope_observed"] < s["slope_noise_high"] + 0.03
    assert abs(s["oldham_r"]) < 0.05 and s["oldham_p"] > 0.01
    assert s["oldham_ci_low"] < 0 < s["oldham_ci_high"]


def test_regression_to_the_mean_detects_true_compression():
    # true scores pulled halfway to the mean in the last year: beyond noise
    frame, _ = _measurement_model(n=1500, reliability=0.8, shrink=0.5)
    _, s = regression_to_mean(frame, 2022, 2024, reliability=0.8)
    assert s["slope_noise_low"] == pytest.approx(-0.2)
    assert s["slope_ci_high"] < s["slope_noise_low"]
    assert s["oldham_r"] < -0.3 and s["oldham_p"] < 1e-6 and s["sd_ratio"] < 0.8


def test_the_censored_check_undoes_a_pure_ceiling():
    # SYNTHETIC: no compression of true scores, but every follow-up score above 95 is printed
    # as 95-98 (a ceiling): the raw spread shrinks, the censored (Tobit) spread does not.
    rng = np.random.default_rng(8)
    truth = rng.normal(92, 6, 2000)
    base = truth + rng.normal(0, 2, truth.size)
    follow = truth + rng.normal(0, 2, truth.size)
    follow = np.where(follow >= 95, 95 + rng.uniform(0, 2, truth.size), follow)
    frame = pd.DataFrame({"entity": [f"S{i}" for i in range(truth.size)] * 2,
                          "year": [2022] * truth.size + [2024] * truth.size,
                          "score": np.concatenate([base, follow])})
    _, s = regression_to_mean(frame, 2022, 2024, reliability=0.9)
    assert s["sd_ratio"] < 0.85 and s["n_ceiling"] > 300
    assert s["sd_ratio_censored"] == pytest.approx(1.0, abs=0.05)
    assert s["slope_censored"] == pytest.approx(-0.1, abs=0.05)


def test_rtm_selection_shows_who_is_published_twice():
    f = pd.DataFrame({"entity": ["A", "A", "B", "B", "C", "D"],
                      "year": [2022, 2024, 2022, 2024, 2022, 2024],
                      "score": [90.0, 95.0, 80.0, 85.0, 60.0, 70.0]})
    s = rtm_selection(f, 2022, 2024).set_index("group")
    assert s["n"].tolist() == [2, 1, 1]
    assert s.loc["both", "mean_start"] == 85.0 and s.loc["2022 only", "mean_start"] == 60.0
    assert s.loc["2024 only", "mean_end"] == 70.0 and np.isnan(s.loc["2024 only", "mean_start"])


def test_regression_to_the_mean_refuses_an_era_break():
    with pytest.raises(DataError, match="not comparable across eras"):
        regression_to_mean(_synthetic_scores(years=(2021, 2022)), 2021, 2022)


def _clustered_panel(rng, n=150, years=(2022, 2023, 2024)):
    # SYNTHETIC panel with a known cluster structure: each entity has its own trend
    # (mean 2, SD 1.5) on top of its own level, so its residuals are correlated across years.
    level = rng.normal(75, 8, n)
    trend = rng.normal(2.0, 1.5, n)
    return pd.DataFrame([{"entity": f"E{i}", "year": y,
                          "score": level[i] + trend[i] * (y - years[0]) + rng.normal(0, 1)}
                         for i in range(n) for y in years])


def test_entity_clustered_intervals_cover_the_true_slope_where_hc1_does_not():
    import statsmodels.api as sm

    rng = np.random.default_rng(21)
    clustered = hc1 = 0
    runs = 200
    for _ in range(runs):
        f = _clustered_panel(rng)
        t = within_era_trend(f).iloc[0]
        clustered += t["ci_low"] <= 2.0 <= t["ci_high"]
        dy = f["score"] - f.groupby("entity")["score"].transform("mean")
        dx = f["year"] - f.groupby("entity")["year"].transform("mean")
        fit = sm.OLS(dy.to_numpy(), dx.to_numpy(dtype=float)).fit(cov_type="HC1")
        hc1 += abs(fit.params[0] - 2.0) <= 1.96 * fit.bse[0]
    assert 0.92 <= clustered / runs <= 0.99
    assert hc1 / runs <= 0.88


def test_within_estimator_equals_the_dummy_variable_regression_with_clustered_errors():
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    f = _clustered_panel(np.random.default_rng(9), n=40)
    fast = within_era_trend(f).iloc[0]
    groups = pd.factorize(f["entity"])[0]
    ref = smf.ols("score ~ year + C(entity)", data=f).fit()
    assert fast["slope"] == pytest.approx(ref.params["year"], rel=1e-9)
    # clustered by entity, the fixed effects not counted in the small-sample factor
    dy = f["score"] - f.groupby("entity")["score"].transform("mean")
    dx = f["year"] - f.groupby("entity")["year"].transform("mean")
    cl = sm.OLS(dy.to_numpy(), dx.to_numpy(dtype=float)).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
    assert fast["se"] == pytest.approx(cl.bse[0], rel=1e-9)
    assert fast["n_entities"] == 40


def test_year_effects_recover_known_effects_and_match_the_dummy_regression():
    import statsmodels.formula.api as smf

    rng = np.random.default_rng(2)
    n = 300
    level = rng.normal(75, 8, n)
    bump = {2022: 0.0, 2023: 6.0, 2024: 10.0}                 # SYNTHETIC year effects
    f = pd.DataFrame([{"entity": f"E{i}", "year": y, "score": level[i] + b + rng.normal(0, 2)}
                      for i in range(n) for y, b in bump.items()])
    e = year_effects(f).set_index("year")
    assert e.loc[2022, "effect"] == 0
    assert e.loc[2023, "effect"] == pytest.approx(6.0, abs=0.4)
    assert e.loc[2024, "effect"] == pytest.approx(10.0, abs=0.4)
    ref = smf.ols("score ~ C(year) + C(entity)", data=f).fit()
    assert e.loc[2024, "effect"] == pytest.approx(ref.params["C(year)[T.2024]"], rel=1e-9)
    # the errors: entity-clustered, as statsmodels gives them on the demeaned dummies (the
    # fixed effects not counted), and the interval t(G - 1) * se either side
    import statsmodels.api as sm
    from scipy import stats

    dummies = pd.get_dummies(f["year"], dtype=float)[[2023, 2024]]
    dx = dummies - dummies.groupby(f["entity"]).transform("mean")
    dy = f["score"] - f.groupby("entity")["score"].transform("mean")
    cl = sm.OLS(dy.to_numpy(), dx.to_numpy()).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(f["entity"])[0]})
    assert e.loc[[2023, 2024], "se"].to_numpy() == pytest.approx(cl.bse, rel=1e-9)
    t = stats.t.ppf(0.975, n - 1)
    assert e.loc[2024, "ci_high"] - e.loc[2024, "effect"] == pytest.approx(t * cl.bse[1])
    assert e.loc[2023, "effect"] - e.loc[2023, "ci_low"] == pytest.approx(t * cl.bse[0])


def test_within_era_trend_recovers_the_slope_and_never_spans_eras():
    f = pd.concat([_synthetic_scores(years=(2022, 2023, 2024), slope=2.0),
                   _synthetic_scores(years=(2016, 2017, 2018), slope=-1.0, seed=5)])
    t = within_era_trend(f).set_index("era")
    assert t.loc["ombudsman-2022", "slope"] == pytest.approx(2.0, abs=0.5)
    assert t.loc["ombudsman-2015", "slope"] == pytest.approx(-1.0, abs=0.5)
    assert t.loc["ombudsman-2022", "first_year"] == 2022
    assert set(year_effects(f)["era"]) == {"ombudsman-2015", "ombudsman-2022"}


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


@pytest.mark.parametrize("k,n,low,high", [
    (1, 10, 0.0179, 0.4042),     # asymmetric: p = 0.5 cannot tell a wrong centre
    (81, 263, 0.2553, 0.3662),   # Newcombe (1998), Table II, method 3 (Wilson score, no correction)
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_newcombes_published_values(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert (float(lo), float(hi)) == pytest.approx((low, high), abs=5e-5)


def test_ceiling_share_with_an_asymmetric_interval():
    # SYNTHETIC: 1 of 10 scores at or above 95 (94.99 is below), so share 0.1 and the published
    # Wilson interval for 1/10, 0.0179-0.4042; 2024 (2 of 4) stays the symmetric case.
    f = pd.DataFrame({"entity": [f"E{i}" for i in range(14)],
                      "year": [2023] * 10 + [2024] * 4,
                      "score": [95.0] + [94.99] + [80.0] * 8 + [95.0, 94.99, 99.0, 50.0]})
    c = ceiling_share(f).set_index("year")
    assert (c.loc[2023, "n"], c.loc[2023, "k"], c.loc[2023, "share"]) == (10, 1, 0.1)
    assert (c.loc[2023, "ci_low"], c.loc[2023, "ci_high"]) == pytest.approx((0.0179, 0.4042),
                                                                            abs=5e-5)
    assert (c.loc[2024, "n"], c.loc[2024, "k"], c.loc[2024, "share"]) == (4, 2, 0.5)
    assert c.loc[2024, "ci_low"] == pytest.approx(1 - c.loc[2024, "ci_high"])
    assert c["era"].tolist() == ["ombudsman-2022", "ombudsman-2022"]

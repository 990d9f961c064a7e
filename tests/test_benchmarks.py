"""The benchmark code runs (small sizes) and its baselines do the same work as the helpers."""

from __future__ import annotations

import io
import runpy

import numpy as np
import pandas as pd
import pytest

from analysis import paths


@pytest.fixture(scope="module")
def bench():
    return runpy.run_path(str(paths.root() / "benchmarks" / "run.py"))


def _labels(series) -> list:
    return [None if pd.isna(v) else str(v) for v in series]


def test_benchmark_runs_on_a_small_size_and_never_writes_results(bench, monkeypatch):
    written = []
    monkeypatch.setattr("pathlib.Path.write_text", lambda *a, **k: written.append(a))
    out = io.StringIO()
    text = bench["run"](sizes=(900, 9000), repeats=(1, 1), notebooks=False, startup_repeats=1,
                        write=True, stream=out)
    assert "| classification (ombudsman_band) | 9,000 |" in text
    assert "| zone shares (zone_shares, 2023, not stratified) | 9,000 |" in text
    assert "import analysis" in text and "load all" in text and "validate" in text
    assert "Rank intervals" in text and "## Goals" in text and "Machine:" in text
    assert text in out.getvalue()
    assert not written, "results.md is written only by a complete run"


def test_baselines_compute_what_the_helpers_compute(bench):
    omb = bench["synthetic_ombudsman"](5000)
    pek = bench["synthetic_pekppp"](4000)
    cases = bench["helper_cases"]()
    ours, base = cases["classification (ombudsman_band)"][1:]
    a, b = ours(omb), base(omb)
    for col in ["zone", "opinion", "grade"]:
        assert _labels(a[col]) == _labels(b[col])
    ours, base = cases["classification (pekppp_band)"][1:]
    a, b = ours(pek), base(pek)
    for col in ["category", "predicate"]:
        assert _labels(a[col]) == _labels(b[col])
    ours, base = cases["percentile (percentile_rank)"][1:]
    ties = omb.assign(score=omb["score"].round(0))           # many ties
    for frame in (omb, ties):
        pd.testing.assert_series_equal(ours(frame), base(frame), check_names=False)
    ours, base = cases["gap (self_vs_ministry)"][1:]
    g, h = ours(pek), base(pek)
    assert g["entity"].tolist() == h["entity"].tolist()
    assert np.allclose(g["diff"], h["diff"]) and np.allclose(g["mean"], h["mean"])
    make, ours, base = cases["trend (within_era_trend, 2022-2024)"]
    recent = make(5000).iloc[:-1]                       # the last entity has one year only
    slope, se = base(recent)
    fit = ours(recent).iloc[0]
    assert fit["slope"] == pytest.approx(slope)
    assert fit["se"] == pytest.approx(se)
    make, ours, base = cases["coverage (coverage by year and type)"]
    data = make(5000)
    c, d = ours(data), base(data)
    assert c["n_sample"].tolist() == d["n_sample"].tolist()
    assert c["n_population"].astype(float).tolist() == pytest.approx(
        d["n_assessed"].astype(float).tolist(), nan_ok=True)
    make, ours, base = cases["zone shares (zone_shares, 2023, not stratified)"]
    data = make(5000)
    z, (counts, p, excess) = ours(data), base(data)
    assert z["n_sample"].tolist() == counts.tolist() == [300, 80, 20]
    assert z["p_value"].iloc[0] == pytest.approx(p)
    assert z["excess_ci_low"].tolist() == pytest.approx([e[1] for e in excess])


def test_rank_interval_baseline_matches_the_helper(bench):
    from analysis.ranking import rank_intervals

    group = bench["synthetic_group"](60)
    a = rank_intervals(group, sd=(1.0, 3.0), n_sim=500)
    b = bench["baseline_rank_intervals"](group, (1.0, 3.0), n_sim=500)
    assert a["entity"].tolist() == b["entity"].tolist()
    assert a["rank_low"].tolist() == b["low_sd_high"].tolist()
    assert a["rank_high"].tolist() == b["high_sd_high"].tolist()
    assert a["rank_low_sd_low"].tolist() == b["low_sd_low"].tolist()
    assert a["rank_high_sd_low"].tolist() == b["high_sd_low"].tolist()


def test_synthetic_tables_have_the_requested_size(bench):
    assert len(bench["synthetic_ombudsman"](1001)) == 1001
    assert len(bench["synthetic_pekppp"](1001)) == 1001

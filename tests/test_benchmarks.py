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


def test_benchmark_runs_on_a_small_size(bench):
    out = io.StringIO()
    text = bench["run"](sizes=(900, 9000), repeats=(1, 1), notebooks=False, startup_repeats=1,
                        write=False, stream=out)
    assert "| classification (ombudsman_band) | 9,000 |" in text
    assert "import analysis" in text and "load all" in text
    assert text in out.getvalue()


def test_baselines_compute_what_the_helpers_compute(bench):
    omb = bench["synthetic_ombudsman"](5000)
    pek = bench["synthetic_pekppp"](4000)
    cases = bench["helper_cases"]()
    ours, base = cases["classification (ombudsman_band)"][1:]
    a, b = ours(omb), base(omb)
    for col in ["zone", "opinion"]:
        assert (a[col].astype(str).to_numpy() == b[col].astype(str).to_numpy()).all()
    ours, base = cases["classification (pekppp_band)"][1:]
    assert (ours(pek)["category"].astype(str).to_numpy()
            == base(pek).astype(str).to_numpy()).all()
    ours, base = cases["percentile (percentile_rank)"][1:]
    pd.testing.assert_series_equal(ours(omb), base(omb))
    ours, base = cases["gap (self_vs_ministry)"][1:]
    g = ours(pek).set_index(["entity", "year"])["diff"].sort_index()
    assert np.allclose(g.to_numpy(), base(pek)["diff"].sort_index().to_numpy())
    make, ours, base = cases["trend (within_era_trend, 2022-2024)"]
    recent = make(5000)
    assert ours(recent)["slope"].iloc[0] == pytest.approx(base(recent))


def test_synthetic_tables_have_the_requested_size(bench):
    assert len(bench["synthetic_ombudsman"](1001)) == 1001
    assert len(bench["synthetic_pekppp"](1001)) == 1001

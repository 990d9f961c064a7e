"""Speed and scale benchmarks: ``make bench`` / ``python -m analysis bench``.

Benchmarks are measurements, not tests: the test suite only runs this code on
a small size. All data here is SYNTHETIC, made by code below with a fixed
seed; no real score is used or produced.

Measured:

* import time of ``analysis`` against ``pandas`` (fresh processes, median);
* loading every curated table cold (fresh process) and warm (cache);
* the classification, percentile, gap and trend helpers on synthetic tables of
  10^5 and 10^6 rows, each against a hand-written vectorized pandas/numpy
  baseline doing the same work (median of repeated runs, ratio to the
  baseline, growth from 10^5 to 10^6 rows);
* every notebook executed headless (optional).

Results are printed and written to ``benchmarks/results.md``.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
YEARS = np.array([2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024])
TYPES = np.array(["kementerian", "lembaga", "provinsi", "kota", "kabupaten"])


# --------------------------------------------------------------------------- synthetic data
def synthetic_ombudsman(n: int, seed: int = 1, years=YEARS) -> pd.DataFrame:
    """SYNTHETIC ombudsman-like table: n rows, entities observed over the given years."""
    rng = np.random.default_rng(seed)
    years = np.asarray(years)
    n_entities = max(-(-n // len(years)), 2)  # ceiling division: enough entities for n rows
    entity = np.repeat(np.arange(n_entities), len(years))[:n]
    year = np.tile(years, n_entities)[:n]
    level = rng.uniform(30, 95, n_entities)[entity]
    score = np.clip(level + (year - 2015) * 0.8 + rng.normal(0, 4, n), 0, 100).round(2)
    return pd.DataFrame({
        "entity": pd.Categorical.from_codes(entity, [f"Synthetic {i}" for i in range(n_entities)])
                    .astype(str),
        "entity_type": TYPES[entity % len(TYPES)],
        "year": year,
        "score": score,
    })


def synthetic_pekppp(n: int, seed: int = 2) -> pd.DataFrame:
    """SYNTHETIC pekppp-like table: n rows, half self-assessments, half ministry values."""
    rng = np.random.default_rng(seed)
    pairs = max(-(-n // 2), 1)
    entity = np.array([f"Synthetic {i}" for i in range(pairs)])
    ministry = rng.uniform(2.5, 5.0, pairs).round(2)
    own = np.clip(ministry + rng.normal(-0.2, 0.4, pairs), 2.01, 5.0).round(2)
    frame = pd.DataFrame({
        "entity": np.concatenate([entity, entity]), "entity_type": "kota",
        "year": 2024, "assessor": np.repeat(["ministry", "self"], pairs),
        "ipp": np.concatenate([ministry, own]), "category": None, "source_id": "synthetic",
    })
    return frame.iloc[:n].reset_index(drop=True)


# --------------------------------------------------------------------------- baselines
def baseline_band(score: np.ndarray, year: np.ndarray) -> pd.DataFrame:
    """Hand-written band classification: np.select per era."""
    new = year >= 2022
    zone = np.where(new, np.select([score < 54, score < 78], ["merah", "kuning"], "hijau"),
                    np.select([score < 51, score < 81], ["merah", "kuning"], "hijau"))
    opinion = np.where(new, np.select(
        [score < 32, score < 54, score < 78, score < 88],
        ["Kualitas Terendah", "Kualitas Rendah", "Kualitas Sedang", "Kualitas Tinggi"],
        "Kualitas Tertinggi"), np.select([score < 51, score < 81],
                                         ["Kepatuhan Rendah", "Kepatuhan Sedang"],
                                         "Kepatuhan Tinggi"))
    grade = np.where(new, np.select([score < 32, score < 54, score < 78, score < 88],
                                    ["E", "D", "C", "B"], "A"), None)
    return pd.DataFrame({"zone": zone, "opinion": opinion, "grade": grade})


def baseline_category(ipp: np.ndarray) -> pd.Series:
    """Hand-written PEKPPP category: pd.cut on the upper-inclusive ladder."""
    return pd.cut(np.round(ipp, 2), [2.005, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0],
                  labels=["C-", "C", "B-", "B", "A-", "A"])


def baseline_percentile(f: pd.DataFrame) -> pd.Series:
    return f.groupby(["year", "entity_type"])["score"].rank(pct=True) * 100


def baseline_gap(p: pd.DataFrame) -> pd.DataFrame:
    wide = p.pivot_table(index=["entity", "year"], columns="assessor", values="ipp").dropna()
    return wide.assign(diff=wide["self"] - wide["ministry"])


def baseline_trend(f: pd.DataFrame) -> float:
    g = f[f["year"] >= 2022]
    by = g.groupby("entity")
    dy = g["score"] - by["score"].transform("mean")
    dx = g["year"] - by["year"].transform("mean")
    return float((dx * dy).sum() / (dx * dx).sum())


# --------------------------------------------------------------------------- timing
def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _subprocess_time(code: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def helper_cases():
    """The helpers and their baselines: name -> (make data, ours, baseline)."""
    from analysis.agreement import self_vs_ministry
    from analysis.scales import ombudsman_band, pekppp_band, percentile_rank
    from analysis.trends import within_era_trend

    return {
        "classification (ombudsman_band)": (
            synthetic_ombudsman,
            lambda f: ombudsman_band(f["score"].to_numpy(), f["year"].to_numpy()),
            lambda f: baseline_band(f["score"].to_numpy(), f["year"].to_numpy())),
        "classification (pekppp_band)": (
            synthetic_pekppp,
            lambda p: pekppp_band(p["ipp"].to_numpy()),
            lambda p: baseline_category(p["ipp"].to_numpy())),
        "percentile (percentile_rank)": (
            synthetic_ombudsman, percentile_rank, baseline_percentile),
        "gap (self_vs_ministry)": (synthetic_pekppp, self_vs_ministry, baseline_gap),
        "trend (within_era_trend, 2022-2024)": (
            lambda n: synthetic_ombudsman(n, years=[2022, 2023, 2024]),
            within_era_trend, baseline_trend),
    }


def run(sizes=(100_000, 1_000_000), repeats=(5, 3), notebooks: bool = True,
        startup_repeats: int = 7, write: bool = True, stream=None) -> str:
    """Run every benchmark, print the table and (optionally) write benchmarks/results.md."""
    stream = stream or sys.stdout
    lines = ["# Benchmark results", "",
             f"Machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python "
             f"{platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}. "
             "All data SYNTHETIC (benchmarks/run.py). Times are medians of repeated runs.", ""]

    t_pandas = _subprocess_time(
        "import time; t=time.perf_counter(); import pandas; print(time.perf_counter()-t)",
        startup_repeats)
    t_analysis = _subprocess_time(
        "import time; t=time.perf_counter(); import analysis; print(time.perf_counter()-t)",
        startup_repeats)
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, analysis; print(sorted(m for m in ('matplotlib', "
         "'seaborn', 'statsmodels', 'scipy', 'frictionless') if m in sys.modules))"],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    t_cold = _subprocess_time(
        "import pandas, analysis, time\nfrom analysis.loading import descriptor\n"
        "t=time.perf_counter()\nfor r in descriptor()['resources']: analysis.load(r['name'])\n"
        "print(time.perf_counter()-t)", startup_repeats)
    import analysis
    from analysis.loading import descriptor

    names = [r["name"] for r in descriptor()["resources"]]
    for n in names:
        analysis.load(n)
    t_warm = _median_time(lambda: [analysis.load(n) for n in names], 5)
    lines += ["## Start-up and loading", "",
              "| measure | seconds | goal | met |", "|---|---|---|---|",
              f"| `import pandas` (fresh process) | {t_pandas:.3f} | | |",
              f"| `import analysis` (fresh process) | {t_analysis:.3f} | <= 1.25 x pandas "
              f"({1.25 * t_pandas:.3f}) | {'yes' if t_analysis <= 1.25 * t_pandas else 'no'} |",
              f"| heavy libraries imported by `import analysis` | {heavy} | none | "
              f"{'yes' if heavy == '[]' else 'no'} |",
              f"| load all {len(names)} tables, cold (fresh process, pandas imported) | "
              f"{t_cold:.3f} | <= 0.300 | {'yes' if t_cold <= 0.3 else 'no'} |",
              f"| load all {len(names)} tables, warm (cache, copies) | {t_warm:.4f} | | |", ""]

    lines += ["## Helpers against hand-written vectorized baselines", "",
              "| helper | rows | helper s | baseline s | ratio (goal <= 2) | growth 10x rows "
              "(goal <= ~12x) | baseline growth |", "|---|---|---|---|---|---|---|"]
    for name, (make, ours, base) in helper_cases().items():
        prev = prev_base = None
        for n, rep in zip(sizes, repeats, strict=True):
            data = make(n)
            ours(data)  # warm caches (the eras and bands tables)
            t_ours = _median_time(lambda d=data, f=ours: f(d), rep)
            t_base = _median_time(lambda d=data, f=base: f(d), rep)
            growth = f"{t_ours / prev:.1f}x" if prev else ""
            base_growth = f"{t_base / prev_base:.1f}x" if prev_base else ""
            prev, prev_base = t_ours, t_base
            lines.append(f"| {name} | {len(data):,} | {t_ours:.4f} | {t_base:.4f} | "
                         f"{t_ours / t_base:.2f} | {growth} | {base_growth} |")
    lines.append("")

    if notebooks:
        import tempfile

        from analysis.reproduce import execute
        from analysis.reproduce import notebooks as all_notebooks

        lines += ["## Notebooks executed headless", "", "| notebook | seconds |", "|---|---|"]
        total = 0.0
        with tempfile.TemporaryDirectory() as tmp:
            for nb in all_notebooks():
                r = execute(nb, figures_dir=Path(tmp) / "f", build_dir=Path(tmp) / "b",
                            html=False)
                total += r.seconds
                lines.append(f"| {r.name} | {r.seconds:.1f} |")
        lines += [f"| **all** (goal <= 60 s) | **{total:.1f}** |", ""]

    text = "\n".join(lines) + "\n"
    print(text, file=stream)
    if write:
        (ROOT / "benchmarks" / "results.md").write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    run()

"""A new method era reaches every analysis through data/ alone, with no code change.

The ``new_era`` fixture adds an Ombudsman era ``ombudsman-2026`` (from 2026) to a copy of
``data/`` (``eras.csv``, with the bands of 2022-2024 copied in ``bands.csv``); each test
then asks one part of the package about it. A chart test can take the same fixture
(``era_break_positions`` is what the charts draw their era lines from).
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis import scales


def _append_rows(path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writerows(rows)


def _add_era(data, *, census: bool, first: int = 2026, last: int = 2026) -> str:
    era = f"ombudsman-{first}"
    _append_rows(data / "eras.csv", [{
        "instrument": "ombudsman", "era": era, "first_year": first, "last_year": last,
        "name": "Test era", "method": "A test era: the 2022-2024 bands again.",
        "source_id": "posmerdeka-2024-01-17-bangli", "census": "true" if census else "false"}])
    with (data / "bands.csv").open(encoding="utf-8", newline="") as f:
        old = [r for r in csv.DictReader(f) if r["era"] == "ombudsman-2022"]
    assert len(old) == 5
    _append_rows(data / "bands.csv", [{**r, "era": era} for r in old])
    return era


@pytest.fixture(params=[True, False], ids=["census", "sample"])
def new_era(request, data_copy):
    """The copy of data/ with an era ombudsman-2026 whose census flag is the param."""
    _add_era(data_copy, census=request.param)
    return request.param


def _rows_of_2026():
    """Every scored 2024 row with a region code, moved to 2026 (a table of a new year)."""
    import analysis

    omb = analysis.load("ombudsman")
    rows = omb[(omb["year"] == 2024) & omb["score"].notna() & omb["region_code"].notna()]
    return pd.concat([omb, rows.assign(year=2026)], ignore_index=True)


def test_the_new_era_is_read_from_the_copy(new_era):
    assert scales.method_era("ombudsman", 2026) == "ombudsman-2026"
    assert scales.method_era("ombudsman", 2025) == "ombudsman-2025"


def test_era_breaks_and_line_positions_follow_the_new_row(new_era):
    assert scales.era_breaks("ombudsman") == [2021, 2022, 2025, 2026]
    assert scales.era_break_positions("ombudsman") == [2020.0, 2021.5, 2024.5, 2025.5]


def test_assessment_and_census_years_follow_the_new_row(new_era):
    assert scales.assessment_years("ombudsman")[-2:] == [2025, 2026]
    assert (2026 in scales.census_years()) is new_era
    assert scales.census_years()[:4] == [2021, 2022, 2023, 2024]


def test_the_copied_bands_band_scores_of_the_new_era(new_era):
    assert scales.ombudsman_band(88.0, 2026).grade == "A"
    assert scales.ombudsman_band(87.99, 2026).zone == "hijau"
    assert scales.ombudsman_band(77.99, 2026).zone == "kuning"
    assert scales.zones_from_grade_counts({"A": 1, "C": 2, "E": 3}, 2026) == {
        "merah": 3, "kuning": 2, "hijau": 1}


def test_coverage_by_province_counts_the_population_only_in_census_years(new_era):
    from analysis.coverage import coverage

    cov = coverage(_rows_of_2026(), by=("year", "province"))
    new = cov[cov["year"] == 2026]
    assert len(new) > 10
    assert bool(new["n_population"].notna().all()) is new_era
    assert bool(new["n_population"].isna().all()) is not new_era
    if new_era:   # the same population as any census year, from the regions' source
        known = cov[cov["year"] == 2024].set_index("province")["n_population"]
        assert (new.set_index("province")["n_population"] == known.loc[new["province"]]).all()
        assert set(new["population_source"]) == set(cov.loc[cov["year"] == 2024,
                                                             "population_source"])


def test_the_explorer_labels_the_new_era(new_era):
    from analysis.explorer import entity_history

    frame = _rows_of_2026()
    entity = frame.loc[frame["year"] == 2026, "entity"].iloc[0]
    history = entity_history(frame, entity).set_index("year")
    assert history.loc[2026, "era"] == "ombudsman-2026"
    assert history.loc[2026, "official"] == history.loc[2024, "official"] != ""


def test_the_repository_data_is_untouched_after_the_copy(data_copy):
    from analysis import paths

    assert paths.data_dir() == data_copy
    assert "ombudsman-2026" not in set(pd.read_csv(paths.root() / "data" / "eras.csv")["era"])


def test_the_charts_draw_a_line_at_the_new_era(new_era):
    """The trajectories chart breaks its lines and draws an era line at 2025.5 for 2026."""
    from analysis.plots.trends import trajectories

    frame = _rows_of_2026()
    entity = frame.loc[frame["year"] == 2026, "entity"].iloc[0]
    fig = trajectories(frame, [entity])
    ax = fig.axes[0]
    verticals = sorted(float(line.get_xdata()[0]) for line in ax.get_lines()
                       if len(set(line.get_xdata())) == 1 and len(line.get_xdata()) == 2)
    assert 2025.5 in verticals
    # the 2024 and 2026 points of the entity are not joined across the new break
    joined = [line for line in ax.get_lines() if {2024, 2026} <= set(line.get_xdata())]
    assert not joined

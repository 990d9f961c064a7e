"""The smaller mends of issue 16: one reading of the population, public names across modules,
a README intro found by markers, paths that create nothing when only asked for."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import analysis
from analysis import DataError, paths


def test_ceiling_share_by_entity_type_splits_the_groups_by_era():
    from analysis.trends import ceiling_share

    omb = analysis.load("ombudsman")
    omb = omb[analysis.scales.on_standard_scale(omb)]
    out = ceiling_share(omb, threshold=95, by=("entity_type",))
    assert list(out.columns[:2]) == ["entity_type", "era"]
    assert not out.duplicated(["entity_type", "era"]).any()
    assert int(out["n"].sum()) == len(omb)
    kota_2021 = omb[(omb["entity_type"] == "kota") & (omb["year"] == 2021)]
    row = out[(out["entity_type"] == "kota") & (out["era"] == "ombudsman-2021")].iloc[0]
    assert (row["n"], row["k"]) == (len(kota_2021), int((kota_2021["score"] >= 95).sum()))
    by_year = ceiling_share(omb, by=("year",))      # the old grouping keeps its columns
    assert list(by_year.columns[:2]) == ["year", "era"]


def test_data_readme_coverage_reads_the_population_as_coverage_does():
    from analysis.coverage import coverage
    from analysis.datadoc import coverage_table

    table = coverage_table()
    cov = coverage(by=("year", "entity_type"))
    both = table.merge(cov, on=["year", "entity_type"])
    assert len(both) == len(cov) > 30
    assert (both["with_score"] == both["n_sample"]).all()
    assessed = both["assessed"].astype("Float64")
    population = both["n_population"].astype("Float64")
    assert ((assessed == population) | (assessed.isna() & population.isna())).all()
    kota = table.set_index(["year", "entity_type"]).loc[(2021, "kota")]
    assert kota["assessed"] == 34 + 61 + 3          # the printed zone counts, no total printed


def test_file_stamp_changes_with_the_file(tmp_path):
    from analysis.loading import _stamp, file_stamp

    f = tmp_path / "x.csv"
    f.write_text("a\n", encoding="utf-8")
    before = file_stamp(f)
    f.write_text("a,b\n", encoding="utf-8")
    assert file_stamp(f) != before and before[0] == str(f)
    assert _stamp is file_stamp                      # the old private name still works


def test_name_index_is_public_and_no_module_reaches_for_the_private_one():
    from analysis import paths, regions

    info = regions.name_index()["info"]
    assert info["Kabupaten Banjarnegara"][0] == "kabupaten"
    assert not hasattr(regions, "_index")
    code = [p.read_text(encoding="utf-8") for folder in ("analysis", "tools")
            for p in (paths.root() / folder).rglob("*.py")]
    assert not [c for c in code if re.search(r"regions\._index\b|import _index\b", c)]


def test_figure_rc_is_the_house_style_plus_the_figure_own():
    from matplotlib.figure import Figure

    from analysis.plots.style import RC, figure_rc, new_figure

    fig, _ = new_figure()
    assert figure_rc(fig) == RC
    plain = Figure()
    assert figure_rc(plain) == RC
    plain._analysis_rc = {"font.size": 3}
    assert figure_rc(plain)["font.size"] == 3


def test_readme_intro_is_read_between_its_markers():
    from analysis.report import readme_intro

    intro = readme_intro((paths.root() / "README.md").read_text(encoding="utf-8"))
    assert intro.strip().startswith("How are Indonesia's public-service providers graded?")
    assert "## " not in intro and "analysis.profile" in intro
    assert readme_intro("# T\n<!-- intro -->\nHello\n<!-- end of intro -->\n## A\n") == "\nHello\n"
    for broken in ("# T\nHello\n## Quick start\n", "<!-- end of intro -->x<!-- intro -->"):
        with pytest.raises(ValueError, match="between '<!-- intro -->' and"):
            readme_intro(broken)


def test_figures_dir_creates_nothing_unless_asked(tmp_path, monkeypatch):
    from analysis.plots.index import write_index

    target = tmp_path / "not" / "yet"
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(target))
    assert paths.figures_dir() == target and not target.exists()
    assert paths.figures_dir(create=True) == target and target.is_dir()
    other = tmp_path / "index" / "here"
    assert write_index(other) == other / "README.md" and (other / "README.md").is_file()


def test_a_boolean_column_is_typed_and_checked():
    from analysis.loading import coerce_to_schema

    eras = analysis.load("eras")
    assert eras["census"].dtype == "boolean"
    raw = pd.read_csv(paths.data_dir() / "eras.csv", dtype=str, keep_default_na=False)
    raw.loc[0, "census"] = "yes"
    with pytest.raises(DataError, match=r"row 2, column 'census': 'yes': is not true or false"):
        coerce_to_schema(raw, "eras")


@pytest.mark.parametrize(("score", "zone", "own", "expected"), [
    (78.0, "hijau", "ombudsman-2015", ["2022-2024"]), (77.99, "hijau", "ombudsman-2015", []),
    (80.99, "hijau", "ombudsman-2021", ["2022-2024"]),
    (81.0, "hijau", "ombudsman-2022", ["2015-2019", "2021"]),
    (100.0, "hijau", "ombudsman-2022", ["2015-2019", "2021"]),     # the top is inclusive
    (53.0, "merah", "ombudsman-2021", ["2022-2024"]), (50.0, "kuning", "ombudsman-2022", [])])
def test_a_zone_disagreement_names_the_eras_whose_bands_give_the_printed_zone(
        score, zone, own, expected):
    from analysis.checks import _eras_giving

    assert _eras_giving(score, zone, own) == expected


def test_the_label_check_explains_a_zone_from_another_era_from_the_bands():
    from analysis.checks import label_disagreements

    d = label_disagreements().set_index(["entity", "year", "field"])
    why = d.loc[("Kota Blitar", 2017, "zone"), "explanation"]
    assert why.endswith("(hijau only under the bands of 2022-2024)")

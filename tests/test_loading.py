"""The loader follows data/datapackage.json; golden values from the seed articles."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import DataError
from analysis.loading import check_package, coerce_to_schema, descriptor


def test_every_table_in_the_descriptor_loads_with_its_columns():
    for res in descriptor()["resources"]:
        frame = analysis.load(res["name"])
        assert list(frame.columns) == [f["name"] for f in res["schema"]["fields"]]
        assert len(frame) > 0, f"table {res['name']} is empty"


def test_tables_lists_every_table_with_row_counts():
    listing = analysis.tables()
    assert list(listing.columns) == ["name", "title", "rows", "description"]
    assert set(listing.name) == {r["name"] for r in descriptor()["resources"]}
    for row in listing.itertuples():
        assert row.rows == len(analysis.load(row.name))


def test_frictionless_validates_the_whole_package():
    assert check_package() == []


def test_load_returns_a_copy_that_callers_cannot_corrupt():
    first = analysis.load("ombudsman")
    first.loc[:, "score"] = -1.0
    assert (analysis.load("ombudsman")["score"].dropna() >= 0).all()


def test_unknown_table_name_suggests_the_nearest():
    with pytest.raises(DataError, match=r"no table named 'ombudsmen'.*did you mean 'ombudsman'"):
        analysis.load("ombudsmen")


def test_ordered_categories():
    zone = analysis.load("ombudsman")["zone"].dtype
    assert list(zone.categories) == ["merah", "kuning", "hijau"] and zone.ordered
    cat = analysis.load("pekppp")["category"].dtype
    assert cat.ordered and cat.categories[-1] == "A" and cat.categories[0] == "F"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("score", "9,5x", "is not a number"),
        ("score", "111", "is above the maximum 110"),
        ("year", "20x4", "is not a whole number"),
        ("zone", "hijau tua", "is not an accepted value"),
        ("entity", "", "required cell is blank"),
        ("region_code", "3304", "does not match the pattern"),
    ],
)
def test_bad_cells_are_reported_with_file_row_column_and_value(column, value, message):
    raw = pd.read_csv(analysis.paths.data_dir() / "ombudsman.csv", dtype=str,
                      keep_default_na=False).head(3)
    raw.loc[1, column] = value
    with pytest.raises(DataError) as info:
        coerce_to_schema(raw, "ombudsman", file="mine.csv")
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "mine.csv", 3, column, value)
    assert message in str(info.value)


def test_duplicate_keys_name_both_rows():
    raw = pd.read_csv(analysis.paths.data_dir() / "ombudsman.csv", dtype=str,
                      keep_default_na=False).head(3)
    raw.loc[2, ["entity", "year"]] = raw.loc[0, ["entity", "year"]].to_numpy()
    with pytest.raises(DataError, match=r"row 4.*same entity/year as row 2"):
        coerce_to_schema(raw, "ombudsman", file="mine.csv")


def test_all_bad_rows_are_reported_not_only_the_first():
    raw = pd.read_csv(analysis.paths.data_dir() / "ombudsman.csv", dtype=str,
                      keep_default_na=False).head(4)
    raw["score"] = ["x", "200", "50", "-1"]
    with pytest.raises(DataError) as info:
        coerce_to_schema(raw, "ombudsman")
    assert [p.row for p in info.value.problems] == [2, 3, 5]


def test_missing_required_column_lists_what_is_accepted():
    raw = pd.DataFrame({"entity": ["Kabupaten Banyumas"]})
    with pytest.raises(DataError, match=r"column 'entity_type'.*required column is missing.*"
                                        r"accepted columns: entity, entity_type"):
        coerce_to_schema(raw, "ombudsman", file="mine.csv")


def test_rows_in_equal_rows_out():
    raw = pd.read_csv(analysis.paths.data_dir() / "ombudsman.csv", dtype=str,
                      keep_default_na=False)
    assert len(coerce_to_schema(raw, "ombudsman")) == len(raw)


# Golden values, read in the seed articles (../shared/seeds), asserted explicitly.
def test_golden_values_from_the_seeds():
    omb = analysis.load("ombudsman").set_index(["entity", "year"])
    assert omb.loc[("Kabupaten Banyumas", 2023), "score"] == 96.98
    assert omb.loc[("Kabupaten Banyumas", 2023), "rank"] == 7
    assert omb.loc[("Kabupaten Banyumas", 2023), "rank_of"] == 415
    assert omb.loc[("Kabupaten Tuban", 2023), "score"] == 97.44
    assert omb.loc[("Kabupaten Banjarnegara", 2024), "score"] == 95.23
    pek = analysis.load("pekppp").set_index(["entity", "year", "assessor"])
    assert pek.loc[("Kabupaten Banjarnegara", 2024, "ministry"), "ipp"] == 4.56
    assert pek.loc[("Kabupaten Banjarnegara", 2024, "self"), "ipp"] == 2.97
    assert pek.loc[("Kabupaten Banjarnegara", 2024, "self"), "category"] == "C"


def test_data_version_changes_with_the_data(tmp_path, monkeypatch):
    import shutil

    from analysis import loading, paths

    before = analysis.data_version()
    copy = tmp_path / "repo"
    shutil.copytree(paths.data_dir(), copy / "data")
    monkeypatch.setattr(paths, "_ROOT", copy)
    assert loading.data_version() == before
    with (copy / "data" / "sources.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert loading.data_version() != before


def test_cite_lists_the_source_documents_of_a_table():
    text = analysis.cite("pekppp")
    assert "Data version" in text
    assert "rmoljawatengah.id" in text and "radarbanyumas.disway.id" in text


def test_validation_reads_each_referenced_table_once_with_the_same_verdicts(data_copy,
                                                                            monkeypatch):
    """Shared foreign-key lookups change the time of check_package, never its lines."""
    import contextlib
    import csv

    from frictionless.resources import TableResource

    from analysis import loading

    def corrupt(name, column, row, value):
        path = data_copy / name
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        rows[row][rows[0].index(column)] = value
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)

    corrupt("ombudsman.csv", "source_id", 5, "no-such-source")
    corrupt("ombudsman.csv", "region_code", 9, "99.99")
    corrupt("bands.csv", "era", 3, "ombudsman-1999")
    original = TableResource._TableResource__open_lookup
    shared = loading.check_package()
    assert TableResource._TableResource__open_lookup is original       # the patch is undone
    monkeypatch.setattr(loading, "_shared_lookups", lambda fr: contextlib.nullcontext())
    assert shared == loading.check_package()
    assert [line.split(":")[0] for line in shared] == [
        "data/bands.csv, row 4", "data/ombudsman.csv, row 6", "data/ombudsman.csv, row 10"]
    assert "not found in the lookup table" in shared[1]

"""A user's own tables: formats, Indonesian conventions, every failure named, rows in = rows out."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import DataError
from analysis.importing import combine, read_scores


def _write(tmp_path, text, name="mine.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_semicolons_decimal_commas_stray_spaces_and_indonesian_headers(tmp_path):
    path = _write(tmp_path, "No;Nama Instansi;Tahun;Nilai;Zona;Opini\n"
                            "1;Pemkab Banjarnegara;2024;95,23;Zona Hijau;Kualitas Tertinggi\n"
                            "2;Kota Magelang;2024;99, 61;hijau;\n")
    f = read_scores(path)
    assert list(f.columns) == list(analysis.load("ombudsman").columns)
    assert f["entity"].tolist() == ["Kabupaten Banjarnegara", "Kota Magelang"]
    assert f["score"].tolist() == [95.23, 99.61]
    assert f["zone"].astype(str).tolist() == ["hijau", "hijau"]
    assert f["entity_type"].astype(str).tolist() == ["kabupaten", "kota"]
    assert f["region_code"].tolist() == ["33.04", "33.71"]
    assert f["province"].tolist() == ["Jawa Tengah", "Jawa Tengah"]
    assert (f["source_id"] == "user:mine.csv").all()
    assert f.dtypes.equals(analysis.load("ombudsman").dtypes)


def test_byte_order_mark_and_commas(tmp_path):
    path = _write(tmp_path, "\ufeffInstansi,Tahun,Skor\nPemprov Jateng,2023,94.40\n")
    assert read_scores(path)["entity"].tolist() == ["Provinsi Jawa Tengah"]


def test_xlsx(tmp_path):
    path = tmp_path / "annex.xlsx"
    pd.DataFrame({"Nama Instansi": ["Pemkab Banyumas", "Kemlu"], "Tahun": [2023, 2023],
                  "Nilai": [96.98, 94.85]}).to_excel(path, index=False)
    f = read_scores(path)
    assert f["entity"].tolist() == ["Kabupaten Banyumas", "Kementerian Luar Negeri"]
    assert f["score"].tolist() == [96.98, 94.85]
    assert f["region_code"].isna().tolist() == [False, True]


def test_pekppp_self_and_ministry(tmp_path):
    path = _write(tmp_path, "Instansi;Tahun;Penilai;Indeks;Kategori\n"
                            "Kabupaten Banjarnegara;2024;Mandiri;2,97;C\n"
                            "Kabupaten Banjarnegara;2024;Kementerian;4,56;a\n")
    f = read_scores(path, kind="pekppp")
    assert f["assessor"].astype(str).tolist() == ["self", "ministry"]
    assert f["ipp"].tolist() == [2.97, 4.56]
    assert f["category"].astype(str).tolist() == ["C", "A"]


def test_units(tmp_path):
    path = _write(tmp_path, "Nama Instansi;Unit Layanan;Tahun;Nilai\n"
                            "Pemkab Pandeglang;Puskesmas Cimanuk;2024;97,82\n")
    f = read_scores(path, kind="ombudsman_units")
    assert f.loc[0, "unit"] == "Puskesmas Cimanuk" and f.loc[0, "score"] == 97.82
    assert f.loc[0, "unit_type"] == "puskesmas"  # derived from the printed name


# One bad input per failure the issue names: (file text, kind, row, column, value, message)
BAD = [
    ("Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2023;9,5x\n", "ombudsman",
     2, "Nilai", "9,5x", "is not a number"),
    ("Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2023;101\n", "ombudsman",
     2, "Nilai", "101", "is above 100"),
    ("Nama Instansi;Tahun;Indeks;Penilai\nPemkab Banyumas;2023;5,5;Kementerian\n", "pekppp",
     2, "Indeks", "5,5", "is above the maximum 5"),
    ("Nama Instansi;Tahun;Nilai\n;2023;90\n", "ombudsman",
     2, "Nama Instansi", "", "required cell is blank"),
    ("Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2020;90\n", "ombudsman",
     2, "Tahun", "2020", "is not an assessment year of ombudsman"),
    ("Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2023;90\nKab. Banyumas;2023;91\n", "ombudsman",
     3, "Nama Instansi+Tahun", ("Kabupaten Banyumas", "2023"), "same entity/year as row 2"),
    ("Nama Instansi;Nilai\nPemkab Banyumas;90\n", "ombudsman",
     1, "year", None, "required column is missing; accepted headers for it: tahun"),
    ("Nama Instansi;Tahun;Nilai\nKota Atlantis;2023;90\n", "ombudsman",
     2, "Nama Instansi", "Kota Atlantis", "unknown entity name; nearest:"),
    ("Nama Instansi;Tahun;Nilai;Warna\nPemkab Banyumas;2023;90;x\n", "ombudsman",
     1, "Warna", None, "unknown column"),
    ("Nama Instansi;Tahun;Penilai;Indeks\nPemkab Banyumas;2023;Bupati;4\n", "pekppp",
     2, "Penilai", "Bupati", "is not a known assessor"),
]


@pytest.mark.parametrize(("text", "kind", "row", "column", "value", "message"), BAD)
def test_bad_input_names_row_column_and_value(tmp_path, text, kind, row, column, value, message):
    with pytest.raises(DataError) as info:
        read_scores(_write(tmp_path, text), kind=kind)
    problem = next(p for p in info.value.problems if p.row == row and p.column == column)
    assert problem.file == "mine.csv"
    assert problem.value == value
    assert message in str(problem)


def test_empty_file(tmp_path):
    with pytest.raises(DataError, match="mine.csv: the file is empty"):
        read_scores(_write(tmp_path, ""))
    with pytest.raises(DataError, match="has no data rows"):
        read_scores(_write(tmp_path, "Nama Instansi;Tahun;Nilai\n"))


def test_unreadable_encoding(tmp_path):
    path = _write(tmp_path, "Nama Instansi;Tahun;Nilai\nKabupaten Pandeglang;2023;90\n"
                            "Kota Tangerang Selatan \u2013 \u00e9;2023;91\n", encoding="cp1252")
    with pytest.raises(DataError, match=r"mine.csv, row 3: .*is not UTF-8 text; save the file"):
        read_scores(path)


def test_several_bad_rows_are_all_reported(tmp_path):
    rows = "".join(f"Pemkab Banyumas;{2015 + i};x{i}\n" for i in range(5))
    with pytest.raises(DataError) as info:
        read_scores(_write(tmp_path, "Nama Instansi;Tahun;Nilai\n" + rows))
    assert [p.row for p in info.value.problems] == [2, 3, 4, 5, 6]
    assert str(info.value).startswith("5 problems:")


def test_combine_marks_user_rows(tmp_path):
    mine = read_scores(_write(tmp_path, "Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2023;96,98\n"))
    both = combine("ombudsman", mine)
    assert len(both) == len(analysis.load("ombudsman")) + 1
    assert both["origin"].value_counts().to_dict() == {"curated": len(both) - 1, "user": 1}
    assert both["zone"].dtype == analysis.load("ombudsman")["zone"].dtype


def test_unknown_kind():
    with pytest.raises(DataError, match="unknown kind 'skm'"):
        read_scores("x.csv", kind="skm")


# Property: any valid table, written in any accepted format, reads back identical.
NAMES = [("Kabupaten Banyumas", "Pemkab Banyumas"), ("Kota Magelang", "Pemkot Magelang"),
         ("Provinsi Jawa Tengah", "Pemprov Jateng"), ("Kementerian Luar Negeri", "Kemlu"),
         ("Kabupaten Bogor", "Kab. Bogor"), ("Kota Bogor", "Kota Bogor")]
YEARS = [2015, 2018, 2019, 2021, 2022, 2023, 2024]


@st.composite
def tables(draw):
    keys = draw(st.lists(st.tuples(st.integers(0, len(NAMES) - 1), st.sampled_from(YEARS)),
                         min_size=1, max_size=12, unique=True))
    scores = draw(st.lists(st.integers(0, 10000), min_size=len(keys), max_size=len(keys)))
    spelled = draw(st.lists(st.booleans(), min_size=len(keys), max_size=len(keys)))
    return [(NAMES[i][1] if alt else NAMES[i][0], NAMES[i][0], y, s / 100)
            for (i, y), s, alt in zip(keys, scores, spelled, strict=True)]


def _render(rows, fmt, path):
    if fmt == "xlsx":
        pd.DataFrame({"Nama Instansi": [r[0] for r in rows], "Tahun": [r[2] for r in rows],
                      "Nilai": [r[3] for r in rows]}).to_excel(path, index=False)
        return
    if fmt.startswith("xlsx-"):  # cells stored as numbers, percentages or text, row by row
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Nama Instansi", "Tahun", "Nilai"])
        for n, (printed, _, y, s) in enumerate(rows, start=2):
            how = fmt[5:] if fmt != "xlsx-mixed" else ("number", "percent", "text")[n % 3]
            if how == "number":
                sheet.append([printed, y, s])
            elif how == "percent":
                sheet.append([printed, y, s / 100])
                sheet.cell(row=n, column=3).number_format = "0.00%"
            else:
                sheet.append([printed, str(y), f"{s:.2f}".replace(".", ",")])
        book.save(path)
        return
    sep, comma, bom = {"csv": (",", False, False), "csv-semicolon": (";", True, False),
                       "csv-bom": (";", True, True)}[fmt]
    lines = [sep.join(["Nama Instansi", "Tahun", "Nilai"])]
    for printed, _, y, s in rows:
        value = f"{s:.2f}".replace(".", ",") if comma else f"{s:.2f}"
        lines.append(sep.join([printed, str(y), value]))
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=tables(), fmt=st.sampled_from(["csv", "csv-semicolon", "csv-bom", "xlsx",
                                           "xlsx-number", "xlsx-percent", "xlsx-text",
                                           "xlsx-mixed"]))
def test_any_valid_table_reads_back_identical(tmp_path, rows, fmt):
    path = tmp_path / ("t.xlsx" if fmt.startswith("xlsx") else "t.csv")
    _render(rows, fmt, path)
    f = read_scores(path)
    assert len(f) == len(rows)                     # rows in = rows out, in order
    assert f["entity"].tolist() == [r[1] for r in rows]
    assert f["year"].tolist() == [r[2] for r in rows]
    assert f["score"].round(2).tolist() == [round(r[3], 2) for r in rows]

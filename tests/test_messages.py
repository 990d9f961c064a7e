"""Messages in English and Bahasa Indonesia (issue 21): one table, both languages, no English left.

With ``ANALYSIS_LANG=id`` (or ``lang="id"``) every problem of ``read_scores`` and ``validate``
names berkas, baris, kolom and nilai, and its message and hint hold no word of the English
texts; the command line's help and summary lines are Indonesian too.
"""

from __future__ import annotations

import os
import re
import zipfile

import openpyxl
import pytest
from conftest import edit_csv

from analysis import DataError, texts
from analysis.__main__ import _MAINTAINER_COMMANDS, _USER_COMMANDS, main
from analysis.errors import Problem
from analysis.importing import read_scores
from analysis.rawtable import MAX_CELL_CHARS, MAX_FILE_BYTES

H = "Nama Instansi;Tahun;Nilai"
_WORD = re.compile(r"[A-Za-z]+")


def _table():
    return texts.read_text_table(texts.MESSAGES)


def _identifiers() -> set[str]:
    """Words that are names in the data, not prose: schema fields, header aliases, table kinds."""
    from analysis.loading import descriptor, load

    words = {*_USER_COMMANDS, *_MAINTAINER_COMMANDS}
    for res in descriptor()["resources"]:
        words |= {w for f in res["schema"]["fields"] for w in _WORD.findall(f["name"])}
        words.add(res["name"])
    aliases = load("header_aliases")
    for text in list(aliases["alias"]) + list(aliases["column"].dropna()):
        words |= set(_WORD.findall(str(text)))
    return {w.lower() for w in words}


# words both languages use: names, formats and loanwords; an English word copied into the
# id column shows up here as a new shared word and fails the test below
_SHARED = {"analysis", "bahasa", "clone", "commit", "csv", "ctrl", "data", "dd", "excel", "fifo",
           "folder", "frictionless", "html", "indonesia", "ipynb", "jupyter", "jupyterlab", "l",
           "libreoffice", "m", "make", "minimum", "mm", "notebook", "png", "port", "pytest",
           "python", "root", "ssh", "svg", "token", "utf", "valid", "xls", "xlsx", "yyyy", "zip"}


def _english_words() -> set[str]:
    """Every word of the English texts but the shared ones and the names in the data."""
    table = _table()
    en = {w.lower() for t in table.values() for w in _WORD.findall(_bare(t["en"]))}
    indonesian = {w.lower() for t in table.values() for w in _WORD.findall(_bare(t["id"]))}
    shared = (en & indonesian) - _identifiers()
    assert shared <= _SHARED, shared - _SHARED
    always = {"file", "row", "column", "value", "expected", "must", "should", "use", "found",
              "missing", "the", "is", "not"}
    assert always <= en
    return (en - _SHARED - _identifiers()) | always


def _bare(text: str) -> str:
    """Drop what is quoted (values, sheet and menu names), code and paths from a message."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}", " ", text)
    text = re.sub(r"--[\w-]+|\b\w+(?:[._=/]\S*)+|\b\w*_\w+\b", " ", text)
    return text


def _english_in(text: str, english: set[str]) -> list[str]:
    return [w for w in _WORD.findall(_bare(text)) if w.lower() in english]


# ------------------------------------------------------------------ the table

def test_every_key_has_both_languages_and_the_same_placeholders():
    table = _table()
    assert len(table) > 150
    for key, row in table.items():
        assert row["en"].strip() and row["id"].strip(), key
        assert texts.placeholders(row["en"]) == texts.placeholders(row["id"]), key


def test_a_key_with_different_placeholders_or_a_missing_language_is_refused(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("key,en,id\na,{n} rows,{m} baris\n", encoding="utf-8")
    with pytest.raises(ValueError, match="different fields"):
        texts.read_text_table(path)
    path.write_text("key,en,id\nb,rows,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no 'id' text"):
        texts.read_text_table(path)


def _keys_in_code() -> set[str]:
    from analysis import paths

    found = set()
    for module in (paths.root() / "analysis").glob("*.py"):
        found |= set(re.findall(r"\"((?:raw|frame|coerce|num)\.\w+)\"", module.read_text()))
        found |= set(re.findall(r"(?:_msg|message)\(\s*\"([\w.-]+)\"", module.read_text()))
    found |= {f"cli.{name}.{part}" for name in (*_USER_COMMANDS, *_MAINTAINER_COMMANDS)
              for part in ("summary", "description")}
    found |= {f"field.{c}" for c in ("entity_type", "region_code", "province")}
    return found


def test_every_key_the_code_asks_for_is_in_the_table_and_none_is_left_unused():
    table = _table()
    used = _keys_in_code()
    assert used - set(table) == set()
    unused = {k for k in set(table) - used if not k.startswith("fl.")}  # fl.<error type>
    assert unused == set()


# ------------------------------------------------------------------ read_scores in Indonesian

def _csv(tmp_path, text, name="mine.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _xlsx(tmp_path, rows, fill=None, first=None):
    book = openpyxl.Workbook()
    sheet = book.active
    if first:
        sheet.title = "Petunjuk"
        for row in first:
            sheet.append(row)
        sheet = book.create_sheet("Data")
    for row in rows:
        sheet.append(row)
    if fill:
        fill(sheet)
    path = tmp_path / "mine.xlsx"
    book.save(path)
    return path


def _percent(sheet):
    sheet["C2"].number_format = "0%"


def _big(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    return path


def _not_zip(tmp_path):
    path = tmp_path / "mine.xlsx"
    path.write_text(f"{H}\n", encoding="utf-8")
    return path


def _broken_zip(tmp_path):
    path = tmp_path / "mine.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData>")
    return path


def _fifo(tmp_path):
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


# each case: a builder of the hostile file, and read_scores' keyword arguments
CASES = {
    "not a number": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2023;9x\n"), {}),
    "spreadsheet error": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2023;#DIV/0!\n"), {}),
    "xlsx error cell": (lambda t: _xlsx(t, [H.split(";"), ["Pemkab Banyumas", 2023, "#N/A"]]),
                        {}),
    "formula": (lambda t: _xlsx(t, [H.split(";"), ["Pemkab Banyumas", 2023, "=90+6.98"]]), {}),
    "percentage": (lambda t: _xlsx(t, [["Nama Instansi", "Tahun", "Indeks", "Penilai"],
                                       ["Pemkab Banyumas", 2023, 0.9, "Mandiri"]],
                                   fill=_percent), {"kind": "pekppp"}),
    "thousands dot": (lambda t: _csv(
        t, f"{H}\nPemkab Banyumas;2023;96,98\nKota Bogor;2023;1.234\n"), {}),
    "field missing": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2023;96,98\nKota Magelang;2023\n"),
                      {}),
    "field too many": (lambda t: _csv(t, "Nama Instansi,Tahun,Nilai\nKota Baru, Kalsel,2023,90\n"),
                       {}),
    "no value": (lambda t: _csv(t, f"{H};Zona;Opini\nPemkab Banyumas;2023;;;\n"), {}),
    "empty row": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2023;90\n;;\nKota Magelang;2023;91\n"),
                  {}),
    "two zones": (lambda t: _csv(t, f"{H};Zona\nPemkab Banyumas;2023;70;Kuning/Hijau\n"), {}),
    "duplicate key": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2024;90\nKab. Banyumas;2024;91\n"),
                      {}),
    "contradicting province and code": (lambda t: _csv(
        t, f"{H};Provinsi;Kode Wilayah\nKota Magelang;2023;90;Jawa Timur;33.71\n"
           "Kemlu;2023;90;;11\n"), {}),
    "label contradicts score": (lambda t: _csv(
        t, f"{H};Zona\nPemkab Banyumas;2023;70;hijau\n"), {}),
    "category contradicts index": (lambda t: _csv(
        t, "Instansi;Tahun;Penilai;Indeks;Kategori\nKabupaten Banjarnegara;2024;Mandiri;2,97;A\n"),
        {"kind": "pekppp"}),
    "unknown assessor and index too high": (lambda t: _csv(
        t, "Nama Instansi;Tahun;Indeks;Penilai\nPemkab Banyumas;2023;5,5;Gubernur\n"),
        {"kind": "pekppp"}),
    "unclosed quote": (lambda t: _csv(t, f'{H}\nPemkab Banyumas;2023;90\n"Kota Magelang;2023;91\n'),
                       {}),
    "only a byte-order mark": (lambda t: _csv(t, "\ufeff"), {}),
    "blank file": (lambda t: _csv(t, "\n\n"), {}),
    "year too large, year outside, score above 100": (lambda t: _csv(
        t, f"{H}\nPemkab Banyumas;99999999999999999999;90\nKota Bogor;2011;90\n"
           "Kota Magelang;2023;101\n"), {}),
    "whole number": (lambda t: _csv(t, f"{H};Peringkat\nPemkab Banyumas;2023;90;7,5\n"), {}),
    "directory": (lambda t: t, {}),
    "named pipe": (_fifo, {}),
    "missing file": (lambda t: t / "none.csv", {}),
    "too big": (_big, {}),
    "cell too long": (lambda t: _csv(t, f"{H}\n{'A' * (MAX_CELL_CHARS + 5)};2023;90\n"), {}),
    "name too long": (lambda t: _csv(t, f"{H}\n{'Kabupaten ' + 'B' * 400};2023;90\n"), {}),
    "unknown and ambiguous entity": (lambda t: _csv(
        t, f"{H}\nKab. Entah Berantah;2023;90\nBandung;2023;91\nZzqx Qwvj;2023;92\n"), {}),
    "stray value right of the table": (lambda t: _xlsx(
        t, [H.split(";"), ["Pemkab Banyumas", 2023, 90, None, "lihat catatan"]]), {}),
    "xlsx named csv": (lambda t: (t / "mine.csv").write_bytes(b"PK\x03\x04rest") and t / "mine.csv",
                       {}),
    "old xls": (lambda t: (t / "mine.csv").write_bytes(b"\xd0\xcf\x11\xe0rest") and t / "mine.csv",
                {}),
    "utf-16": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2023;90\n", encoding="utf-16"), {}),
    "latin-1": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2023;90\nKota Bogor é;2023;9\n",
                               encoding="latin-1"), {}),
    "not a zip": (_not_zip, {}),
    "broken xlsx": (_broken_zip, {}),
    "no such sheet": (lambda t: _xlsx(t, [H.split(";"), ["Pemkab Banyumas", 2023, 90]]),
                      {"sheet": "Nope"}),
    "header on another sheet": (lambda t: _xlsx(t, [H.split(";"), ["Pemkab Banyumas", 2023, 90]],
                                                first=[["Isi tabel pada sheet Data"]]), {}),
    "title above the header": (lambda t: _csv(
        t, f"DAFTAR NILAI 2023\n{H}\nPemkab Banyumas;2023;90\n"), {}),
    "header_row not in the file": (lambda t: _csv(t, f"{H}\nPemkab Banyumas;2023;90\n"),
                                   {"header_row": 9}),
    "header only": (lambda t: _csv(t, f"{H}\n"), {}),
    "unknown, doubled and missing columns": (lambda t: _csv(
        t, "Nama Instansi;Nilai;Nilai;Catatan X\nPemkab Banyumas;90;91;x\n"), {}),
    "value without a header": (lambda t: _csv(t, f"{H};\nPemkab Banyumas;2023;90;catatan\n"), {}),
    "unknown kind": (lambda t: _csv(t, f"{H}\n"), {"kind": "nope"}),
    "unknown on_mismatch": (lambda t: _csv(t, f"{H}\n"), {"on_mismatch": "nope"}),
}


def _read(path, lang=None, **kwargs) -> DataError:
    with pytest.raises(DataError) as info:
        read_scores(path, lang=lang, **kwargs)
    return info.value


@pytest.mark.parametrize("case", list(CASES))
def test_every_hostile_input_is_reported_in_indonesian(case, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_LANG", "id")
    build, kwargs = CASES[case]
    err = _read(build(tmp_path), **kwargs)
    english = _english_words()
    for p in err.problems:
        text = str(p)
        assert p.lang == "id", text
        if p.file:
            assert text.startswith(f"berkas {p.file}"), text
        if p.row is not None:
            assert f"baris {p.row}" in text, text
        if p.column is not None:
            assert f"kolom {p.column!r}" in text, text
        if p.value is not None:
            assert "nilai " in text, text
        assert not _english_in(p.message + " " + p.hint, english), (case, text)
    assert not _english_in(str(err), english), str(err)


def test_the_cases_cover_every_message_of_the_importer(tmp_path, monkeypatch):
    """Each message key of read_scores' modules is met by some case above (or is named here)."""
    asked: set[str] = set()
    original = texts.message

    def record(key, lang=None, /, **fmt):
        asked.add(key)
        return original(key, lang, **fmt)

    for module in ("rawtable", "import_header", "import_rows", "importing", "coercion",
                   "regions", "errors"):
        monkeypatch.setattr(f"analysis.{module}._msg", record)
    for i, (build, kwargs) in enumerate(CASES.values()):
        folder = tmp_path / str(i)
        folder.mkdir()
        with pytest.raises(DataError):
            read_scores(build(folder), lang="id", **kwargs)
    prefixes = ("raw.", "imp.", "rows.", "num.", "names.", "frame.", "errors.")
    wanted = {k for k in _table() if k.startswith(prefixes)}
    not_met = {  # conditions a test file cannot create on every machine, or curated-only
        "raw.cannot_open", "raw.cannot_read", "raw.copy_local", "raw.denied", "raw.denied_hint",
        "raw.device", "raw.socket", "raw.not_regular", "raw.not_csv", "raw.too_many_rows",
        "raw.too_many_rows_hint", "raw.too_many_columns", "raw.too_many_columns_hint",
        "raw.cell_too_long", "raw.cell_too_long_hint", "raw.unpacks", "raw.unpacks_hint",
        "raw.not_utf8", "names.not_region", "names.not_region_hint", "names.blank",
        "names.blank_hint", "frame.cut_bytes", "errors.more",
    }
    assert wanted - asked - not_met == set()


def test_lang_argument_wins_over_the_environment(tmp_path, monkeypatch):
    path = _csv(tmp_path, f"{H}\nPemkab Banyumas;2023;9x\n")
    monkeypatch.delenv("ANALYSIS_LANG", raising=False)
    assert str(_read(path, lang="id")) == (
        "berkas mine.csv, baris 2, kolom 'Nilai', nilai '9x': bukan angka; tulis angka dengan "
        "koma atau titik desimal, misalnya 95,25")
    monkeypatch.setenv("ANALYSIS_LANG", "id")
    assert str(_read(path, lang="en")) == (
        "mine.csv, row 2, column 'Nilai': '9x': is not a number; write digits with a decimal "
        "comma or point, e.g. 95,25")


def test_counts_use_indonesian_separators(tmp_path):
    p = _read(_csv(tmp_path, f"{H}\n{'A' * 20_000};2023;90\n"), lang="id").problems[0]
    assert p.message == "panjangnya 20.000 karakter; satu sel memuat paling banyak 10.000"
    assert "(10.000 karakter)" in str(p)  # the value as kept: cut to a cell's limit


def test_many_problems_are_counted_in_indonesian():
    problems = [Problem("f.csv", r, "score", str(r), "x", lang="id") for r in range(2, 30)]
    text = str(DataError(problems, limit=5))
    assert text.startswith("28 masalah:") and "... dan 23 masalah lainnya" in text


def test_unknown_language_is_refused_naming_en_and_id(tmp_path, monkeypatch):
    path = _csv(tmp_path, f"{H}\nPemkab Banyumas;2023;90\n")
    for kwargs, env in (({"lang": "fr"}, None), ({}, "english")):
        if env:
            monkeypatch.setenv("ANALYSIS_LANG", env)
        with pytest.raises(DataError) as info:
            read_scores(path, **kwargs)
        assert "unknown language" in str(info.value)
        assert "'en'" in str(info.value) and "'id'" in str(info.value)
    assert main(["tables"]) == 2


# ------------------------------------------------------------------ the command line



def test_validate_on_a_corrupted_copy_speaks_indonesian(data_copy, monkeypatch, capsys):
    def corrupt(rows):
        rows[3][rows[0].index("score")] = "abc"
        rows[5][rows[0].index("source_id")] = "no-such-source"

    edit_csv(data_copy / "ombudsman.csv", corrupt)
    monkeypatch.setenv("ANALYSIS_LANG", "id")
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "ombudsman             GAGAL, 1 masalah:" in out
    assert ("    berkas data/ombudsman.csv, baris 4, kolom 'score', nilai 'abc': bukan angka "
            "(tabel kurasi memakai titik sebagai pemisah desimal)") in out
    assert "Pemeriksaan Frictionless" in out
    assert ("berkas data/ombudsman.csv, baris 6: kunci asing: 'no-such-source' tidak ada di "
            "tabel rujukan 'sources' (kolom source_id)") in out
    assert re.search(r"^\d+ masalah di 1 tabel: ombudsman$", out, re.M)
    assert re.search(r"^sources +\d+ baris  baik$", out, re.M)
    assert not _english_in(out.replace("Frictionless", ""), _english_words()), out


def test_validate_of_a_file_speaks_indonesian(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_LANG", "id")
    good = _csv(tmp_path, f"{H}\nPemkab Banyumas;2023;96,98\n", name="ok.csv")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: 1 baris, valid sebagai tabel 'ombudsman'\n"


def test_help_in_indonesian(monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_LANG", "id")
    english = _english_words()
    for argv in (["--help"], ["validate", "--help"], ["reproduce", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert out.startswith("penggunaan: python -m analysis"), out
        assert "opsi:" in out and "tampilkan bantuan ini lalu keluar" in out
        assert "Contoh:" in out or "PERINTAH" in out
        assert not _english_in(out, english), (argv, _english_in(out, english))

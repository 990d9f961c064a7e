from __future__ import annotations

from analysis.__main__ import main


def test_tables_command(capsys):
    assert main(["tables"]) == 0
    assert "ombudsman" in capsys.readouterr().out


def test_validate_command_on_the_curated_package(capsys):
    assert main(["validate"]) == 0
    assert "data package valid" in capsys.readouterr().out


def test_validate_command_reports_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "mine.csv"
    bad.write_text("Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2023;9x\n", encoding="utf-8")
    assert main(["validate", str(bad), "--kind", "ombudsman"]) == 1
    out = capsys.readouterr().out
    assert "mine.csv, row 2, column 'Nilai': '9x': is not a number" in out
    good = tmp_path / "ok.csv"
    good.write_text("Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2023;96,98\n", encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert "1 rows, valid" in capsys.readouterr().out

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
    bad.write_text("entity,entity_type,year,score,source_id\n"
                   "Kabupaten Banyumas,kabupaten,2023,9x,s\n", encoding="utf-8")
    assert main(["validate", str(bad), "--kind", "ombudsman"]) == 1
    out = capsys.readouterr().out
    assert "mine.csv, row 2, column 'score': '9x': is not a number" in out

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


def test_reproduce_renders_html_only_when_asked(monkeypatch):
    """make reproduce executes and writes figures; --html adds build/html (the report is the
    HTML reading), and the former --no-html is still accepted."""
    import analysis.reproduce

    asked = []
    monkeypatch.setattr(analysis.reproduce, "run",
                        lambda names, offline, html: asked.append((names, offline, html)))
    assert main(["reproduce"]) == 0
    assert main(["reproduce", "--html", "02_provinces"]) == 0
    assert main(["reproduce", "--no-html"]) == 0
    assert asked == [(None, True, False), (["02_provinces"], True, True), (None, True, False)]

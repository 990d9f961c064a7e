"""Byte-stable figures from the one save helper."""

from __future__ import annotations

import pytest
from PIL import Image

import analysis
from analysis import DataError
from analysis.plots import save_figure
from analysis.plots.charts import scores_by_year
from analysis.plots.index import figure_table, render_index


def _draw_and_save(directory):
    fig = scores_by_year(analysis.load("ombudsman"))
    return save_figure(fig, "00_scores_by_year", title="T", caption="C", directory=directory)


def test_same_data_gives_identical_png_and_svg_bytes(tmp_path):
    first = _draw_and_save(tmp_path / "a")
    second = _draw_and_save(tmp_path / "b")
    assert [p.name for p in first] == ["00_scores_by_year.png", "00_scores_by_year.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs"


def test_metadata_has_no_date_or_software_version(tmp_path):
    png, svg = _draw_and_save(tmp_path)
    with Image.open(png) as im:
        assert "Software" not in im.text
        assert im.text["Title"] == "T" and im.text["Description"] == "C"
    text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text


def test_a_figure_in_the_other_language(tmp_path):
    fig = scores_by_year(analysis.load("ombudsman"), lang="id")
    labels = [t.get_text() for t in fig.axes[0].texts] + [fig.axes[0].get_xlabel()]
    assert "Tahun penilaian" in labels


def test_bad_figure_name_is_refused(tmp_path):
    fig = scores_by_year(analysis.load("ombudsman"))
    with pytest.raises(DataError, match="not a valid file stem"):
        save_figure(fig, "../escape", directory=tmp_path)


def test_figure_index_reads_titles_from_the_pngs(tmp_path):
    _draw_and_save(tmp_path)
    table = figure_table(tmp_path)
    assert table.loc[0, "notebook"] == "00_start_here.ipynb"
    assert "![T](00_scores_by_year.png)" in render_index(tmp_path)

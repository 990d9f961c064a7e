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


def _both(directory):
    from analysis.plots import save_figures

    omb = analysis.load("ombudsman")
    return save_figures("00_scores_by_year", lambda lang: scores_by_year(omb, lang=lang),
                        directory=directory)


def test_save_figures_writes_english_and_indonesian_side_by_side_byte_stable(tmp_path):
    from analysis.plots.text import label

    shown = _both(tmp_path / "a")
    _both(tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == ["00_scores_by_year.id.png", "00_scores_by_year.id.svg",
                     "00_scores_by_year.png", "00_scores_by_year.svg"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert shown.axes[0].get_xlabel() == label("axis.year", "en")   # the English one is shown
    for stem, lang in (("00_scores_by_year", "en"), ("00_scores_by_year.id", "id")):
        with Image.open(tmp_path / "a" / f"{stem}.png") as im:
            assert im.text["Title"] == label("figure.00_scores_by_year.title", lang)
            assert im.text["Description"] == label("figure.00_scores_by_year.caption", lang)
        svg = (tmp_path / "a" / f"{stem}.svg").read_text(encoding="utf-8")
        assert label("figure.00_scores_by_year.title", lang) in svg


def test_save_figures_fills_the_title_of_a_shared_text_key(tmp_path):
    from analysis.plots import save_figures

    save_figures("02_banten", lambda lang: scores_by_year(analysis.load("ombudsman"), lang=lang),
                 text="02_within_province", province="Banten", years="2019-2024",
                 directory=tmp_path)
    with Image.open(tmp_path / "02_banten.id.png") as im:
        assert im.text["Title"].startswith("Banten: nilai pemerintah daerahnya")
    with pytest.raises(DataError, match="not a valid file stem"):
        save_figures("02.banten", lambda lang: None, directory=tmp_path)


def test_every_committed_figure_has_its_twin_in_the_other_language(repo):
    figures = repo / "figures"
    english = {p.stem for p in figures.glob("*.png") if "." not in p.stem}
    indonesian = {p.stem.removesuffix(".id") for p in figures.glob("*.id.png")}
    assert english and english == indonesian, (sorted(english ^ indonesian))
    missing = [f"{n}{suffix}" for n in english for suffix in (".svg", ".id.svg")
               if not (figures / f"{n}{suffix}").exists()]
    assert not missing, missing


def test_each_index_lists_its_language_and_links_the_other(repo):
    figures = repo / "figures"
    en = (figures / "README.md").read_text(encoding="utf-8")
    id_ = (figures / "README.id.md").read_text(encoding="utf-8")
    assert "(README.id.md)" in en and "(README.md)" in id_
    assert id_.startswith("# Gambar\n") and en.startswith("# Figures\n")
    for png in figures.glob("*.png"):
        index, other = (id_, en) if png.name.endswith(".id.png") else (en, id_)
        assert f"]({png.name})" in index, png.name
        assert f"]({png.name})" not in other, png.name


def test_a_figure_belongs_to_the_notebook_that_names_it_when_two_share_a_prefix(
        tmp_path, monkeypatch):
    """An Indonesian start notebook 00_mulai_di_sini saves no figure: 00_start_here owns 00_."""
    import json
    import shutil

    from analysis import paths

    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    shutil.copy(paths.notebooks_dir() / "00_start_here.ipynb", nbs)
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": ["import analysis  # save_figures is not called here\n"]}
    (nbs / "00_mulai_di_sini.ipynb").write_text(json.dumps(
        {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    monkeypatch.setattr(paths, "notebooks_dir", lambda: nbs)
    _both(tmp_path / "fig")
    save_figure(scores_by_year(analysis.load("ombudsman")), "00_named_nowhere",
                directory=tmp_path / "fig")
    for lang in ("en", "id"):
        table = figure_table(tmp_path / "fig", lang).set_index("name")
        assert table.loc["00_scores_by_year", "notebook"] == "00_start_here.ipynb"
    table = figure_table(tmp_path / "fig", "en").set_index("name")
    assert table.loc["00_named_nowhere", "notebook"] == "00_start_here.ipynb"
    assert list(figure_table(tmp_path / "fig", "id").index) == [0]   # one Indonesian figure


def test_indonesian_figures_write_numbers_with_a_decimal_comma():
    """Tile values and colour-bar ticks: 4.56 and 3.6 in English, 4,56 and 3,6 in Indonesian."""
    import pandas as pd

    from analysis.plots.charts import province_tile_map
    from analysis.plots.style import figure_png

    values = pd.Series({"Maluku": 2.91, "Aceh": 4.56})
    for lang, value, tick in (("en", "4.56", "3.6"), ("id", "4,56", "3,6")):
        fig = province_tile_map(values, provinces=38, fmt="{:.2f}", title="t", label="l",
                                lang=lang)
        figure_png(fig)   # draw, so the ticks get their labels
        tiles = [t.get_text() for t in fig.axes[0].texts]
        bar = next(ax for ax in fig.axes if hasattr(ax, "_colorbar"))
        ticks = [t.get_text() for t in bar.get_yticklabels()]
        assert value in tiles and tick in ticks, (lang, tiles, ticks)

"""The glossary: one table of the institutions' terms, matched against the data that prints them.

Every Indonesian term that a table of ``data/`` prints is the printed form, the
figures' legends come from the glossary (a changed row changes the legend),
and the list of terms in README.id.md is generated from it.
"""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import DataError, paths, terms
from analysis.plots import charts, text
from analysis.plots.text import label


def _selected(row) -> pd.DataFrame:
    """The rows of the data table that a glossary row's ``data_where`` names."""
    frame = analysis.load(row.data_table)
    for cond in filter(None, row.data_where.split(";")):
        column, value = cond.split("=", 1)
        frame = frame[frame[column].astype("string") == value]
    return frame


def test_every_term_the_data_prints_is_printed_that_way():
    table = analysis.glossary()
    printed = table[table["data_table"] != ""]
    assert len(printed) >= 20, "the zones, opinions, predicates and entity types name their data"
    wrong = []
    for row in printed.itertuples(index=False):
        rows = _selected(row)
        assert len(rows), f"{row.key}: '{row.data_where}' selects no row of {row.data_table}"
        values = set(rows[row.data_column].dropna().astype(str))
        if values != {row.id} and not (row.data_where == "" and row.id in values):
            wrong.append((row.key, row.id, sorted(values)))
    assert not wrong, f"glossary terms that differ from what the data prints: {wrong}"


def test_every_opinion_and_predicate_meaning_of_the_data_is_a_glossary_term():
    meanings = set(analysis.load("opinion_codes")["meaning"].dropna().astype(str))
    bands = analysis.load("bands")
    meanings |= set(bands["opinion"].dropna().astype(str))
    meanings |= set(bands["predicate"].dropna().astype(str))
    meanings |= set(bands["zone"].dropna().astype(str))
    from analysis.scales import ENTITY_TYPES
    meanings |= set(ENTITY_TYPES)
    assert meanings - set(analysis.glossary()["id"]) == set()


def test_term_and_glossary_in_each_language():
    assert analysis.term("opinion.A", "id") == "Kualitas Tertinggi"
    assert analysis.term("category.B-", "id") == "Baik dengan Catatan"
    idn = analysis.glossary("id").set_index("key")
    assert list(idn.columns) == ["term", "definition", "translation"]
    assert idn.loc["assessor.self", "term"] == "penilaian mandiri"
    assert idn.loc["assessor.self", "translation"] == analysis.term("assessor.self", "en")
    assert list(analysis.glossary().columns) == list(terms.COLUMNS)
    with pytest.raises(DataError, match="no term 'nope' in analysis/glossary.csv"):
        analysis.term("nope", "id")
    with pytest.raises(DataError, match="unknown language 'fr'"):
        analysis.glossary("fr")


@pytest.fixture
def edited_glossary(tmp_path, monkeypatch):
    """Use an edited copy of the glossary: ``edit(old, new)`` replaces text in it."""
    copy = tmp_path / "glossary.csv"
    copy.write_text(terms._TABLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(terms, "_TABLE", copy)

    def edit(old: str, new: str) -> None:
        content = copy.read_text(encoding="utf-8")
        assert old in content
        copy.write_text(content.replace(old, new, 1), encoding="utf-8")
        terms._rows.cache_clear()
        text.labels.cache_clear()

    yield edit
    terms._rows.cache_clear()
    text.labels.cache_clear()


def test_chart_legends_come_from_the_glossary(edited_glossary):
    pairs = pd.DataFrame({"entity": ["Kota A"], "year": [2023], "self": [4.5], "ministry": [3.5],
                          "diff": [1.0], "mean": [4.0], "self_source": ["a"],
                          "ministry_source": ["b"]})
    shares = pd.DataFrame({"year": [2021], "n": [500], "basis": ["zone counts"],
                           "era": ["ombudsman-2021"], "hijau": [0.5], "kuning": [0.3],
                           "merah": [0.2], "source_id": ["a"]})
    edited_glossary("assessor.self,self-assessment (mandiri),penilaian mandiri",
                    "assessor.self,self-assessment (mandiri),PENILAIAN SENDIRI")
    edited_glossary("zone.hijau,hijau (green),hijau", "zone.hijau,GREEN ZONE,hijau")
    legend = charts.self_vs_ministry_plot(pairs, lang="id").axes[0].get_legend().get_texts()
    assert [t.get_text() for t in legend][0] == "PENILAIAN SENDIRI"
    legend = charts.zone_shares_bars(shares, lang="en").axes[0].get_legend().get_texts()
    assert "GREEN ZONE" in [t.get_text() for t in legend]


def test_a_label_row_that_repeats_a_glossary_term_is_refused(edited_glossary):
    edited_glossary("\nmethod_era,", "\naxis.year,")
    with pytest.raises(ValueError, match="key 'axis.year' is a term of analysis/glossary.csv"):
        label("axis.year")


def test_a_broken_glossary_row_is_named(edited_glossary):
    edited_glossary("\nzone.kuning,kuning (yellow),kuning,",
                    "\nzone.hijau,kuning (yellow),,")
    with pytest.raises(DataError) as err:
        analysis.term("zone.hijau")
    message = str(err.value)
    assert "glossary.csv, row 7, column 'id': '': is empty" in message
    assert "glossary.csv, row 7, column 'key': 'zone.hijau': is repeated" in message


def test_readme_id_terms_are_generated_from_the_glossary():
    readme = (paths.root() / "README.id.md").read_text(encoding="utf-8")
    start, end = terms.MARKERS
    assert start in readme and end in readme, "README.id.md lost its glossary markers"
    section = readme[readme.index(start) + len(start):readme.index(end)]
    assert section == "\n" + terms.glossary_markdown("id"), (
        "README.id.md's terms are stale; run: python -c 'from analysis.terms import "
        "write_readme_glossary; write_readme_glossary()'")
    assert "| Kualitas Tertinggi | highest quality (A) |" in section


def test_write_readme_glossary_fills_the_section_and_needs_the_markers(tmp_path):
    readme = tmp_path / "README.id.md"
    readme.write_text("# x\n\n<!-- glossary -->\nold\n<!-- end of glossary -->\n\nend\n",
                      encoding="utf-8")
    terms.write_readme_glossary(readme)
    written = readme.read_text(encoding="utf-8")
    assert "old" not in written and "| penilaian mandiri |" in written
    assert written.endswith("<!-- end of glossary -->\n\nend\n")
    readme.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(DataError, match="has no <!-- glossary -->"):
        terms.write_readme_glossary(readme)

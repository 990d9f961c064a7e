"""No Indonesian figure carries an English word.

The English words are the words of the English labels: column ``en`` of
``analysis/plots/text.csv`` and ``label_en`` of ``data/unit_types.csv``, with
format fields (``{year}``), file names and code spans left out, less
``SHARED``: the words the two languages share and the names (institutions,
methods, places, unit types), listed and explained below. A word is two or more
letters, compared in lower case.

Checked: every Indonesian label of the two tables; every text artist drawn in
every Indonesian figure the notebooks save (built in-process by the notebooks'
own builders, fixture ``saved_figures`` in conftest.py: titles, axis and tick
labels, legends, annotations, footers); and the title and caption stored in
every Indonesian PNG, committed in ``figures/`` and written by a save here.
"""

from __future__ import annotations

import re

import pytest

from analysis import paths

# Words of the English labels that are allowed in an Indonesian figure, because they are
# Indonesian too or names that no translation changes. Add a word here only when it is one.
SHARED = {
    # the same word in both languages
    "data", "era", "interval", "median", "model", "normal", "notebook", "per", "unit",
    # institutions, instruments and their Indonesian terms, used untranslated in English labels
    "ombudsman", "ri", "kemenpan", "rb", "pekppp", "indeks", "pelayanan", "publik", "mandiri",
    "hijau", "kuning", "merah", "bahasa", "indonesia",
    # methods named after people, and their symbols
    "bland", "altman", "oldham", "pitman", "morgan", "spearman", "wilson", "rho", "ols",
    "fisher", "freeman", "halton",
    # places and types of government named in the labels
    "kabupaten", "kota", "provinsi", "banyumas", "jambi", "jawa", "tengah", "magelang", "dki",
    "jakarta", "banjarnegara", "kemendagri",
    # unit types (data/unit_types.csv), Indonesian names kept in the English labels
    "dinas", "dukcapil", "dpmptsp", "kantor", "kecamatan", "kesehatan", "pendidikan",
    "pertanahan", "puskesmas", "rsud", "samsat", "sosial",
    # file formats, named in the figure indexes and the pages
    "png", "svg", "csv",
    # the same word in both languages
    "label",
}


def _glossary_words() -> set[str]:
    """Words of the glossary's Indonesian terms (kementerian, lembaga, penilaian ...): the
    English labels quote them in brackets ("Ministry (kementerian)"), so they are not English."""
    from analysis.terms import terms

    return {w for row in terms().values() for w in _words(row["id"])}

_WORD = re.compile(r"[^\W\d_]{2,}")
# format fields, code spans, Markdown links and file names (data/sources.csv) are not words
_NOT_TEXT = re.compile(r"\{[^}]*\}|`[^`]*`|\[[^\]]*\]\([^)]*\)|\S*[/.]\S*[a-z]\S*")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_NOT_TEXT.sub(" ", text))}


def _english_words() -> set[str]:
    from analysis.plots.text import labels
    from analysis.unit_types import unit_types

    words = set()
    for row in labels().values():
        words |= _words(row["en"])
    for text in unit_types()["label_en"]:
        words |= _words(text)
    return words - SHARED - _glossary_words()


ENGLISH = _english_words()


def _english_in(text: str) -> list[str]:
    return sorted(_words(text) & ENGLISH)


def test_the_english_word_list_catches_english():
    assert {"the", "of", "score", "scores", "share", "published", "source", "coverage",
            "version", "year", "entities", "self", "ministry"} <= ENGLISH
    assert not _english_in("Sumber: Ombudsman RI, dari 3 dokumen terbitan, lihat data/sources.csv")
    assert _english_in("Source: Ombudsman RI via 3 documents") == ["documents", "source", "via"]


def test_indonesian_labels_have_no_english_word():
    from analysis.plots.text import labels
    from analysis.unit_types import unit_types

    found = {key: _english_in(row["id"]) for key, row in labels().items()}
    found.update({f"unit_types {code}": _english_in(text) for code, text
                  in zip(unit_types()["code"], unit_types()["label_id"], strict=True)})
    found = {k: v for k, v in found.items() if v}
    assert not found, f"English words in Indonesian labels: {found}"


def _drawn(fig) -> list[str]:
    """Draw ``fig`` with Agg; return the text of every visible text artist (ticks included)."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from analysis.plots.style import figure_rc

    FigureCanvasAgg(fig)
    with mpl.rc_context(figure_rc(fig)):
        fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


_INDONESIAN = sorted(p.name.removesuffix(".png")
                     for p in (paths.root() / "figures").glob("*.id.png"))


@pytest.mark.parametrize("name", _INDONESIAN)
def test_no_english_word_in_an_indonesian_figure(saved_figures, name):
    texts = _drawn(saved_figures[name])
    assert any(t.startswith("Sumber: ") for t in texts), "no Indonesian footer drawn"
    found = {t: words for t in texts if (words := _english_in(t))}
    assert not found, f"{name}: English words in {found}"


def test_indonesian_titles_and_captions_have_no_english_word(tmp_path):
    """In the committed Indonesian PNGs, and in a pair written here by save_figures."""
    from PIL import Image

    import analysis
    from analysis.plots import save_figures
    from analysis.plots.charts import scores_by_year

    omb = analysis.load("ombudsman")
    save_figures("00_scores_by_year", lambda lang: scores_by_year(omb, lang=lang),
                 directory=tmp_path)
    pngs = sorted((paths.root() / "figures").glob("*.id.png")) + [
        tmp_path / "00_scores_by_year.id.png"]
    assert len(pngs) > 1
    found = {}
    for png in pngs:
        with Image.open(png) as im:
            meta = {k: im.text.get(k, "") for k in ("Title", "Description")}
        assert all(meta.values()), f"{png.name}: no title or caption stored"
        for key, text in meta.items():
            if words := _english_in(text):
                found[f"{png.name} {key}"] = words
    assert not found, f"English words in Indonesian titles and captions: {found}"

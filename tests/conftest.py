"""Shared fixtures. Sockets are blocked for every test (pytest-socket, see pyproject.toml)."""

from __future__ import annotations

import pytest

from analysis import paths


@pytest.fixture
def repo():
    """The repository root."""
    return paths.root()


@pytest.fixture(autouse=True)
def _figures_to_tmp(tmp_path, monkeypatch):
    """Never let a test write into the repository's figures/ or build/."""
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
    monkeypatch.setenv("ANALYSIS_BUILD_DIR", str(tmp_path / "build"))


def edit_csv(path, change) -> None:
    """Rewrite the CSV file ``path`` after ``change(rows)`` edits its rows (header included)."""
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of ``data/`` that the package reads instead of the repository's.

    ``analysis.paths.data_dir`` follows ``ANALYSIS_DATA_DIR``; every cache is keyed by the
    files' path and stamp, so the copy is read afresh, and its entries are dropped after
    the test. Change the copy's CSVs to see a rule change reach the analyses.
    """
    import shutil

    from analysis import banding, loading, regions

    target = tmp_path / "data"
    shutil.copytree(paths.root() / "data", target)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(target))

    def clear():
        for cache in (loading._CACHE, banding._CACHE):
            for key in [k for k in cache if str(target) in repr(k)]:
                del cache[key]
        regions._INDEX.clear()

    clear()
    yield target
    clear()


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace, tmp_path):
    doctest_namespace["tmp_path"] = tmp_path


@pytest.fixture(scope="session")
def executed(tmp_path_factory):
    """Every notebook executed ONCE per test session, as ``make reproduce`` runs them.

    The runner's two shared kernels write the executed copies to ``build/notebooks`` and the
    figures to ``figures/`` of a session folder; the notebook tests and the report test read
    them. A failing notebook does not break the fixture: ``failure`` holds its message and
    ``runs`` the notebooks that completed.
    """
    import io
    from types import SimpleNamespace

    from analysis.reproduce import NotebookFailed, run

    base = tmp_path_factory.mktemp("executed")
    out = SimpleNamespace(build=base / "build", figures=base / "figures", runs={},
                          failure=None, log=io.StringIO())
    try:
        out.runs = {r.name: r for r in run(html=False, stream=out.log, build_dir=out.build,
                                           figures_dir=out.figures)}
    except NotebookFailed as err:
        out.failure = str(err)
    return out


@pytest.fixture(scope="session")
def report_index(executed, tmp_path_factory):
    """The report built ONCE per session from the ``executed`` copies (never executing again).

    The report test and the page-layout test both read it; building it twice would build
    the page of every government twice.
    """
    from analysis import reproduce
    from analysis.report import build_report

    if executed.failure:
        pytest.fail(executed.failure)

    def no_second_run(*args, **kwargs):
        raise AssertionError("building the report executed the notebooks a second time")

    saved = reproduce.execute_all
    reproduce.execute_all = no_second_run
    try:
        return build_report(tmp_path_factory.mktemp("report") / "build", execute=False,
                            executed_dir=executed.build / "notebooks",
                            figures_dir=executed.figures)
    finally:
        reproduce.execute_all = saved


def _no_display(*objects, **kwargs):
    """Stand in for IPython's ``display``: the notebooks' cells run here outside a kernel."""


@pytest.fixture(scope="session")
def saved_figures():
    """Run every notebook's code cells in-process; return {file stem: Figure}.

    ``save_figure`` and ``save_figures`` are replaced by a recorder, so the figures are
    exactly the ones the notebooks save: ``<name>`` in English and, from
    ``save_figures``, ``<name>.id`` in Indonesian, each built by the notebook's own
    builder. Nothing is written.
    """
    import matplotlib
    import nbformat

    matplotlib.use("Agg")
    import analysis.plots
    from analysis.plots.save import figure_stem
    from analysis.plots.text import LANGS

    figures = {}

    def record(fig, name, **kwargs):
        figures[name] = fig

    def record_both(name, build, **kwargs):
        for lang in LANGS:
            figures[figure_stem(name, lang)] = build(lang)
        return figures[name]

    originals = analysis.plots.save_figure, analysis.plots.save_figures
    analysis.plots.save_figure, analysis.plots.save_figures = record, record_both
    try:
        for path in sorted(paths.notebooks_dir().glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            namespace = {"__name__": f"notebook_{path.stem}", "display": _no_display}
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    exec(compile(cell.source, f"{path.name} cell {i}", "exec"), namespace)
    finally:
        analysis.plots.save_figure, analysis.plots.save_figures = originals
    return figures


# --- English words on Indonesian pages -----------------------------------------------------

#: Words of the English labels that an Indonesian text may carry: names of institutions,
#: instruments and files, and words Indonesian uses as they are. Every other word of an
#: English label (explorer.*, profile.*, column.*, value.*, site.*, history.*) found in an
#: Indonesian text is a missed translation. Words that also appear in an Indonesian label
#: (Ombudsman, PEKPPP, KemenPAN-RB, Kemendagri, CSV, data, unit, kabupaten ...) are allowed
#: without being listed here.
ENGLISH_ALLOWED: set[str] = set()

_LABEL_PREFIXES = ("explorer.", "profile.", "column.", "value.", "site.", "history.")


def _words(text: str) -> set[str]:
    """Words of a text; identifiers (a dot or a digit inside: source ids, files, 93,16) are none."""
    import re

    text = re.sub(r"\{[^}]*\}", " ", text)           # format fields are not words
    chunks = [c.strip(".,;:()[]\"'!?·–") for c in text.split()]
    text = " ".join(c for c in chunks if not re.search(r"[.\d/@]", c))
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", text)}


@pytest.fixture(scope="session")
def english_words() -> set[str]:
    """The English words of the page, explorer and profile labels, minus Indonesian ones."""
    from analysis.plots.text import labels

    table = {k: v for k, v in labels().items() if k.startswith(_LABEL_PREFIXES)}
    english = set().union(*(_words(v["en"]) for v in table.values()))
    indonesian = set().union(*(_words(v["id"]) for v in labels().values()))
    return english - indonesian - ENGLISH_ALLOWED


def visible_words(page: str, publishers: bool = True) -> set[str]:
    """The words a reader of an Indonesian page sees, leaving out what is English on purpose.

    Left out: style and script, elements marked ``lang="en"`` (the EN switch, the list of
    the English analyses), ``<cite>`` (titles of documents, as published), ``<code>``
    (file names, source ids) and, with ``publishers``, the names of the publishers as
    data/sources.csv records them (data, some with a curator's note: "jumardiputra.com
    (Jumardi Putra, opinion)").
    """
    import html
    import re

    page = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", page)
    page = re.sub(r'(?s)<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", page)
    page = re.sub(r"(?s)<(cite|code)\b.*?</\1>", " ", page)
    page = html.unescape(re.sub(r"<[^>]+>", " ", page))
    if publishers:
        from analysis import load

        for name in sorted(load("sources")["publisher"].dropna().astype(str), key=len,
                           reverse=True):
            page = page.replace(name, " ")
    return _words(page)

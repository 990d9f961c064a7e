"""Every notebook: stored clean, executes headless and offline, reproduces the committed figures."""

from __future__ import annotations

import json

import pytest

from analysis import paths
from analysis.plots.index import render_index
from analysis.reproduce import NotebookFailed, execute, notebooks

NOTEBOOKS = notebooks()
# notebooks that save no figure (the 00_ figures are 00_start_here's), with the images they show
SHOW_ONLY = {"00_mulai_di_sini.ipynb": 3}


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(nb):
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    dirty = [i for i, c in enumerate(cells, 1)
             if c.get("outputs") or c.get("execution_count") is not None]
    assert not dirty, f"{nb.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.notebooks
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_and_reproduces_its_figures(nb, executed):
    if nb.name not in executed.runs:
        pytest.fail(executed.failure or f"{nb.name} was not executed")
    run = executed.runs[nb.name]
    assert run.executed == executed.build / "notebooks" / nb.name and run.executed.exists()
    if nb.name in SHOW_ONLY:
        assert not run.figures, f"{nb.name} saved {run.figures}; it only shows its figures"
        assert_figures_are_seen(run.executed, [], at_least=SHOW_ONLY[nb.name])
        return
    assert run.figures, f"{nb.name} wrote no figure"
    prefix = nb.name[:2]
    assert all(f.startswith(prefix) for f in run.figures), run.figures
    committed = paths.root() / "figures"
    for name in run.figures:
        fresh = (executed.figures / name).read_bytes()
        old = committed / name
        assert old.exists(), f"figures/{name} is not committed; run 'make reproduce'"
        assert fresh == old.read_bytes(), (
            f"figures/{name} differs from a fresh run of {nb.name}; run 'make reproduce'")
    assert_figures_are_seen(run.executed, run.figures)


def assert_figures_are_seen(executed, figure_files, at_least: int = 0):
    """A reader of the executed notebook sees every saved figure (and at least ``at_least``
    images) as an image, never as text."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    images, as_text = 0, []
    for i, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            images += "image/png" in data
            text = data.get("text/plain", "") if "image/png" not in data else ""
            text += out.get("text", "") if out.get("output_type") == "stream" else ""
            if "<Figure size" in text:
                as_text.append(i)
    # one inline image per figure: the English one (the Indonesian twin is only saved)
    saved = max(len({f.split(".", 1)[0] for f in figure_files}), at_least)
    assert not as_text, f"{executed.name}: cells {as_text} show a figure as text, not an image"
    assert images >= saved, (
        f"{executed.name}: {images} image outputs for {saved} saved figures; end each "
        "figure cell with the figure (or display it) so the reader sees it")


@pytest.mark.notebooks
def test_the_run_printed_one_line_per_notebook(executed):
    lines = executed.log.getvalue().splitlines()
    assert [ln.split()[0] for ln in lines] == [nb.name for nb in NOTEBOOKS] + ["total"]
    assert lines[-1].endswith(f"{len(NOTEBOOKS)} notebooks")


def test_committed_figures_all_come_from_a_notebook():
    prefixes = {nb.name[:2] for nb in NOTEBOOKS}
    orphans = [p.name for p in (paths.root() / "figures").glob("*.png")
               if p.name[:2] not in prefixes]
    assert not orphans, f"figures without a notebook: {orphans}"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_figure_index_is_up_to_date(lang):
    from analysis.plots.index import INDEX_FILES

    committed = paths.root() / "figures"
    index = committed / INDEX_FILES[lang]
    assert index.read_text(encoding="utf-8") == render_index(committed, lang), (
        f"figures/{index.name} is stale; run 'make reproduce'")


def test_a_failing_cell_is_named(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("intro"), nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("1 / 0")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "99_broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(NotebookFailed,
                       match=r"99_broken.ipynb: cell 3 \(code cell 2\) failed: ZeroDivisionError"):
        execute(path, figures_dir=tmp_path / "f", build_dir=tmp_path / "b", html=False)

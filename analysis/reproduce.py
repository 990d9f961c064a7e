"""Execute the notebooks headless, in order, and write their figures.

``python -m analysis reproduce`` (and ``make reproduce``) calls :func:`run`.
Each notebook is executed in a fresh kernel, from a copy in memory: the
stored notebook is never changed (notebooks are kept without outputs). The
executed copy goes to ``build/notebooks/``, an HTML rendering to
``build/html/``, figures to ``figures/`` through the save helper.

Kernels run offline by default: a start-up guard refuses every connection
that would leave the machine (see ``analysis/_offline``), and kernels talk to
the runner over Unix sockets, not TCP.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths

__all__ = ["NotebookFailed", "NotebookRun", "notebooks", "execute", "run", "kernel_env"]

_OFFLINE_DIR = Path(__file__).resolve().parent / "_offline"


class NotebookFailed(RuntimeError):
    """A notebook cell raised an error; the message names notebook and cell."""


@dataclass
class NotebookRun:
    """What one notebook execution did.

    Attributes
    ----------
    name : str
        File name of the notebook.
    seconds : float
        Wall time of the execution, kernel start included.
    figures : list of str
        Figure files written (names relative to the figures folder).
    executed : Path or None
        Path of the executed copy.
    """

    name: str
    seconds: float
    figures: list[str] = field(default_factory=list)
    executed: Path | None = None


def notebooks() -> list[Path]:
    """Return the analysis notebooks in reading order (``notebooks/NN_*.ipynb``)."""
    return sorted(p for p in paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def kernel_env(offline: bool = True, figures_dir: Path | None = None) -> dict[str, str]:
    """Return the environment a notebook kernel runs with.

    Fixed settings that make runs repeatable: ``MPLBACKEND=Agg``,
    ``PYTHONHASHSEED=0``; the figures folder (``ANALYSIS_FIGURES_DIR``); and,
    when ``offline``, the start-up guard that blocks network connections.
    """
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env["PYTHONHASHSEED"] = "0"
    env["ANALYSIS_FIGURES_DIR"] = str(figures_dir or paths.figures_dir())
    env.pop("ANALYSIS_KERNEL_OFFLINE", None)
    if offline:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(_OFFLINE_DIR)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        )
        env["ANALYSIS_KERNEL_OFFLINE"] = "1"
    return env


def _failed_cell(nb) -> tuple[int, int, str]:
    """Find the first cell with an error output: (cell number, code cell number, text)."""
    code_no = 0
    for i, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        code_no += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, code_no, f"{out.get('ename')}: {out.get('evalue')}"
    return 0, 0, "unknown error"


def execute(path: Path, *, offline: bool = True, timeout: int = 600,
            figures_dir: Path | None = None, build_dir: Path | None = None,
            html: bool = True) -> NotebookRun:
    """Execute one notebook in a fresh kernel and save the executed copy.

    Parameters
    ----------
    path : Path
        The notebook.
    offline : bool
        Block network access in the kernel (default True).
    timeout : int
        Seconds one cell may run.
    figures_dir, build_dir : Path, optional
        Where figures and executed copies go (defaults from :mod:`analysis.paths`).
    html : bool
        Also render the executed notebook to HTML.

    Raises
    ------
    NotebookFailed
        Naming the notebook, the cell (its position among all cells and among
        code cells) and the error.
    """
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    figures_dir = Path(figures_dir or paths.figures_dir())
    figures_dir.mkdir(parents=True, exist_ok=True)
    build = Path(build_dir or paths.build_dir())
    (build / "notebooks").mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(path, as_version=4)
    before = {p.name: p.stat().st_mtime_ns for p in figures_dir.iterdir()}
    start_ns = time.time_ns()
    km = KernelManager(kernel_name="python3", transport="ipc")
    # connection files and ipc sockets live in a private folder, not $HOME
    runtime = build / "kernels"
    runtime.mkdir(parents=True, exist_ok=True)
    km.connection_file = str(runtime / f"kernel-{os.getpid()}-{path.stem}.json")
    km.ip = str(runtime / f"ipc-{os.getpid()}-{path.stem}")
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    try:
        client.execute(env=kernel_env(offline, figures_dir), cwd=str(path.parent))
    except CellExecutionError as exc:
        nbformat.write(nb, build / "notebooks" / path.name)
        cell, code_cell, error = _failed_cell(nb)
        raise NotebookFailed(
            f"{path.name}: cell {cell} (code cell {code_cell}) failed: {error}\n"
            f"executed copy with the traceback: {build / 'notebooks' / path.name}"
        ) from exc
    finally:
        for leftover in runtime.glob(f"*-{os.getpid()}-{path.stem}*"):
            leftover.unlink(missing_ok=True)
    seconds = time.perf_counter() - t0
    executed = build / "notebooks" / path.name
    nbformat.write(nb, executed)
    if html:
        from nbconvert import HTMLExporter

        (build / "html").mkdir(parents=True, exist_ok=True)
        body, _ = HTMLExporter().from_notebook_node(nb)
        (build / "html" / f"{path.stem}.html").write_text(body, encoding="utf-8")
    written = sorted(
        p.name for p in figures_dir.iterdir()
        if p.is_file() and (p.name not in before or p.stat().st_mtime_ns >= start_ns)
        and p.suffix in {".png", ".svg"}
    )
    return NotebookRun(path.name, seconds, written, executed)


def run(names: list[str] | None = None, *, offline: bool = True, html: bool = True,
        stream=None) -> list[NotebookRun]:
    """Execute every notebook (or those named) in order, printing progress.

    Prints one line per notebook (name, seconds, figures written) and a
    total; stops at the first failing cell, raising :class:`NotebookFailed`.
    After a complete run, rewrites the figure index ``figures/README.md``.
    """
    stream = stream or sys.stdout
    chosen = notebooks()
    if names:
        wanted = {n if n.endswith(".ipynb") else f"{n}.ipynb" for n in names}
        unknown = wanted - {p.name for p in chosen}
        if unknown:
            raise NotebookFailed(
                f"no notebook named {sorted(unknown)}; notebooks are: "
                + ", ".join(p.name for p in chosen)
            )
        chosen = [p for p in chosen if p.name in wanted]
    results = []
    total = time.perf_counter()
    for nb in chosen:
        print(f"{nb.name:<34}", end=" ", flush=True, file=stream)
        r = execute(nb, offline=offline, html=html)
        results.append(r)
        print(f"{r.seconds:6.1f} s   {len(r.figures):2d} figure files", file=stream, flush=True)
    n_fig = sum(len(r.figures) for r in results)
    print(f"{'total':<34} {time.perf_counter() - total:6.1f} s   {n_fig:2d} figure files, "
          f"{len(results)} notebooks", file=stream)
    if not names:
        from analysis.plots.index import write_index

        write_index()
    return results

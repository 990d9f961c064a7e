"""Execute the notebooks headless and write their figures.

``python -m analysis reproduce`` (and ``make reproduce``) calls :func:`run`.
Notebooks are executed from a copy in memory: the stored notebook is never
changed (notebooks are kept without outputs). The executed copy goes to
``build/notebooks/`` (with ``html=True``, an HTML rendering to ``build/html/``;
the report, ``make report``, is the HTML reading of the notebooks), figures to
``figures/`` through the save helper.

Kernels are shared and always shut down. :func:`run` starts two kernels
(workers) and hands each the next notebook, longest first by the durations of
the last run in the build folder (:mod:`analysis.scheduling`); before every
notebook, the kernel is reset to a clean state (an empty namespace and
history, the start-up environment, working folder, matplotlib settings and
warning filters), so a notebook sees what a fresh kernel would show it, only
with its libraries already imported. Each notebook's figures are written to
a folder of its own and then moved into ``figures/``, so every run knows
which files it wrote. :func:`execute` runs one notebook in a fresh kernel.

Kernels run offline by default: a start-up guard refuses every connection
that would leave the machine (see ``analysis/_offline``), and kernels talk to
the runner over Unix sockets, not TCP.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis import paths
from analysis.scheduling import longest_first, remember_seconds

__all__ = ["NotebookFailed", "NotebookRun", "notebooks", "execute", "execute_all", "run",
           "kernel_env"]

_OFFLINE_DIR = Path(__file__).resolve().parent / "_offline"
WORKERS = 2

# Sent (silently, outside the notebook's history) once after a kernel starts:
# remember the start-up state that every reset restores.
_SNAPSHOT = """\
def __analysis_snapshot():
    import os, sys, warnings
    import matplotlib
    ip = get_ipython()
    ip._analysis_start = {"environ": dict(os.environ), "path": list(sys.path),
                          "rc": matplotlib.rcParams.copy(), "warnings": list(warnings.filters)}
__analysis_snapshot()
del __analysis_snapshot
"""

# Sent before each notebook: back to the start-up state, with this
# notebook's working folder and figures folder.
_RESET = """\
def __analysis_reset(cwd, figures):
    import gc, os, sys, warnings
    import matplotlib
    ip = get_ipython()
    start = ip._analysis_start
    ip.reset(new_session=True)         # user namespace, In/Out, _ variables
    ip.execution_count = 1
    os.environ.clear()
    os.environ.update(start["environ"])
    os.environ["ANALYSIS_FIGURES_DIR"] = figures
    sys.path[:] = start["path"]
    os.chdir(cwd)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(start["rc"])
    warnings.filters[:] = start["warnings"]
    warnings._filters_mutated()
    gc.collect()
__analysis_reset({cwd!r}, {figures!r})
"""


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
        Wall time of the execution (the kernel's start included for the first
        notebook a kernel runs, its reset for the others).
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


class _Kernel:
    """One kernel, started once, reset before each notebook, always shut down."""

    def __init__(self, tag: str, *, offline: bool, figures_dir: Path, build: Path,
                 timeout: int, side_by_side: bool = False):
        self.tag, self.offline, self.timeout = tag, offline, timeout
        self.side_by_side = side_by_side
        self.figures_dir, self.build = figures_dir, build
        self.runtime = build / "kernels"
        self.km = self.kc = self.sockets = None
        self.started_at = None

    async def start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        self.started_at = time.perf_counter()
        self.runtime.mkdir(parents=True, exist_ok=True)
        km = AsyncKernelManager(kernel_name="python3", transport="ipc")
        # the connection file lives in a private folder, not $HOME; the sockets in a short
        # private temporary folder, as a Unix socket path may not exceed about 100 bytes
        km.connection_file = str(self.runtime / f"kernel-{self.tag}.json")
        self.sockets = Path(tempfile.mkdtemp(prefix="analysis-kernel-"))
        km.ip = str(self.sockets / "ipc")
        self.km = km
        # as nbclient starts kernels: input history in memory, not in ~/.ipython
        env = kernel_env(self.offline, self.figures_dir)
        if self.side_by_side:   # kernels share the cores: no idle-spinning BLAS threads
            for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                env.setdefault(var, "1")
        await km.start_kernel(env=env,
                              cwd=str(paths.notebooks_dir()),
                              extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.kc = km.client()
        self.kc.allow_stdin = False
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=60)
        await self._silent(_SNAPSHOT)

    async def _silent(self, code: str) -> None:
        """Run code outside the notebook (no history, no output); raise if it fails."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = await self.kc.get_shell_msg(timeout=self.timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError("resetting the kernel failed: " + "\n".join(
                content.get("traceback", [content.get("evalue", "")])))

    async def run(self, path: Path, render=None) -> NotebookRun:
        """Reset the kernel, execute one notebook, save it; move its figures into place.

        ``render(nb, path)``, if given, is called on the executed notebook (the HTML copy).
        """
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        t0 = self.started_at or time.perf_counter()
        self.started_at = None
        staging = self.runtime / f"figures-{self.tag}-{path.stem}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        await self._silent(_RESET.format(cwd=str(path.parent), figures=str(staging)))
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, km=self.km, timeout=self.timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        client.kc = self.kc
        executed = self.build / "notebooks" / path.name
        executed.parent.mkdir(parents=True, exist_ok=True)
        try:
            await client.async_execute()
        except CellExecutionError as exc:
            nbformat.write(nb, executed)
            cell, code_cell, error = _failed_cell(nb)
            raise NotebookFailed(
                f"{path.name}: cell {cell} (code cell {code_cell}) failed: {error}\n"
                f"executed copy with the traceback: {executed}"
            ) from exc
        finally:
            written = sorted(p.name for p in staging.iterdir()
                             if p.is_file() and p.suffix in {".png", ".svg"})
            self.figures_dir.mkdir(parents=True, exist_ok=True)
            for name in written:
                shutil.move(staging / name, self.figures_dir / name)
            shutil.rmtree(staging, ignore_errors=True)
        seconds = time.perf_counter() - t0
        nbformat.write(nb, executed)
        if render is not None:
            render(nb, path)
        return NotebookRun(path.name, seconds, written, executed)

    async def shutdown(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            await self.km.shutdown_kernel(now=False)
        for leftover in [*self.runtime.glob(f"*-{self.tag}*"), self.sockets]:
            if leftover is not None and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover is not None:
                leftover.unlink(missing_ok=True)


async def _execute_all(chosen: list[Path], *, workers: int, offline: bool, timeout: int,
                       figures_dir: Path, build: Path, html: bool, done) -> None:
    """Run the notebooks on ``workers`` shared kernels; call ``done(i, run or error)``."""
    queue = list(enumerate(chosen))
    failures: list[NotebookFailed] = []
    render, pending = None, []
    if html:
        # HTML is rendered in a thread, so that rendering never keeps a kernel waiting for
        # its next cell; the exporter is imported there while the kernels start.
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(1, thread_name_prefix="html")
        pending.append(pool.submit(_html_exporter))

        def render(nb, path):
            pending.append(pool.submit(_write_html, nb, build / "html" / f"{path.stem}.html"))

    n = max(1, min(workers, len(chosen)))

    async def worker(w: int) -> None:
        kernel = _Kernel(f"{os.getpid()}-{w}", offline=offline, figures_dir=figures_dir,
                         build=build, timeout=timeout, side_by_side=n > 1)
        try:
            await kernel.start()
            while queue and not failures:
                i, path = queue.pop(0)
                try:
                    done(i, await kernel.run(path, render))
                except NotebookFailed as err:
                    failures.append(err)
                    done(i, err)
        finally:
            await kernel.shutdown()

    outcome = await asyncio.gather(*(worker(w) for w in range(n)), return_exceptions=True)
    if html:
        pool.shutdown(wait=True)
        for job in pending:
            job.result()
    if failures:
        raise failures[0]
    for res in outcome:
        if isinstance(res, BaseException):
            raise res


def _html_exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter()


def _write_html(nb, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    body, _ = _html_exporter().from_notebook_node(nb)
    target.write_text(body, encoding="utf-8")


def _run_async(coro):
    """Run a coroutine to completion, also from inside a running event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def execute(path: Path, *, offline: bool = True, timeout: int = 600,
            figures_dir: Path | None = None, build_dir: Path | None = None,
            html: bool = True) -> NotebookRun:
    """Execute one notebook in a fresh kernel, save the executed copy, shut the kernel down.

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

    Returns
    -------
    NotebookRun
        Name, seconds, figure files written, path of the executed copy.

    Raises
    ------
    NotebookFailed
        Naming the notebook, the cell (its position among all cells and among
        code cells) and the error.
    """
    return execute_all([path], workers=1, offline=offline, timeout=timeout,
                       figures_dir=figures_dir, build_dir=build_dir, html=html)[0]


def execute_all(paths_: list[Path], *, workers: int = WORKERS, offline: bool = True,
                timeout: int = 600, figures_dir: Path | None = None,
                build_dir: Path | None = None, html: bool = True,
                progress=None) -> list[NotebookRun]:
    """Execute notebooks on ``workers`` shared kernels, each reset between notebooks.

    Each kernel takes the next notebook, longest first by the durations of the
    last run in ``build_dir`` (:func:`analysis.scheduling.longest_first`); after a
    failing cell no further notebook is started. Every kernel is shut down before
    this returns or raises.

    Parameters
    ----------
    paths_ : list of Path
        The notebooks, in the order they are handed out.
    workers : int
        Kernels side by side (default 2; never more than there are notebooks).
    progress : callable, optional
        Called as ``progress(position, outcome)`` when a notebook ends, with a
        :class:`NotebookRun` or the :class:`NotebookFailed` it raised.
    offline, timeout, figures_dir, build_dir, html
        As for :func:`execute`.

    Returns
    -------
    list of NotebookRun
        One per notebook, in the given order.

    Raises
    ------
    NotebookFailed
        For the first notebook that failed.
    """
    chosen = [Path(p) for p in paths_]
    build = Path(build_dir or paths.build_dir())
    outcomes: dict[int, NotebookRun | NotebookFailed] = {}

    def done(i, outcome):
        outcomes[i] = outcome
        if progress is not None:
            progress(i, outcome)

    order = longest_first(chosen, build)
    _run_async(_execute_all(
        [chosen[i] for i in order], workers=workers, offline=offline, timeout=timeout,
        figures_dir=Path(figures_dir or paths.figures_dir()),
        build=build, html=html, done=lambda j, outcome: done(order[j], outcome)))
    remember_seconds(build, {o.name: o.seconds for o in outcomes.values()
                             if isinstance(o, NotebookRun)})
    return [outcomes[i] for i in range(len(chosen))]



def run(names: list[str] | None = None, *, offline: bool = True, html: bool = False,
        stream=None, workers: int = WORKERS, timeout: int = 600,
        figures_dir: Path | None = None, build_dir: Path | None = None) -> list[NotebookRun]:
    """Execute every notebook (or those named) on shared kernels, printing progress.

    Prints one line per notebook in reading order (name, seconds, figures
    written) and a total; after the first failing cell no further notebook is
    started, and :class:`NotebookFailed` is raised. After a complete run,
    rewrites the figure index ``README.md`` of the figures folder. Every
    kernel is shut down before this returns.

    Parameters
    ----------
    names : list of str, optional
        Only these notebooks (file names, ``.ipynb`` optional).
    offline : bool
        Block network access in the kernels (default True).
    html : bool
        Also render each executed notebook to HTML in ``build/html`` (default False:
        the report, ``make report``, is the HTML reading).
    stream : file, optional
        Where the progress lines go (default standard output).
    workers : int
        Kernels running side by side (default 2), each reused, reset between notebooks.
    timeout : int
        Seconds one cell may run.
    figures_dir, build_dir : Path, optional
        Where figures and executed copies go (defaults from :mod:`analysis.paths`).

    Returns
    -------
    list of NotebookRun
        One per notebook, in reading order.
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
    figures = Path(figures_dir or paths.figures_dir())
    finished: dict[int, NotebookRun | NotebookFailed] = {}
    printed = 0

    def progress(i, outcome):   # lines in reading order, each as soon as it is known
        nonlocal printed
        finished[i] = outcome
        while printed in finished:
            r, name = finished[printed], chosen[printed].name
            if isinstance(r, NotebookFailed):
                print(f"{name:<34} FAILED", file=stream, flush=True)
            else:
                print(f"{name:<34} {r.seconds:6.1f} s   {len(r.figures):2d} figure files",
                      file=stream, flush=True)
            printed += 1

    total = time.perf_counter()
    results = execute_all(chosen, workers=workers, offline=offline, timeout=timeout,
                          figures_dir=figures, build_dir=build_dir, html=html,
                          progress=progress)
    n_fig = sum(len(r.figures) for r in results)
    print(f"{'total':<34} {time.perf_counter() - total:6.1f} s   {n_fig:2d} figure files, "
          f"{len(results)} notebooks", file=stream)
    if not names:
        from analysis.plots.index import write_index

        write_index(figures)
    return results

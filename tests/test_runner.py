"""The notebook runner: shared kernels reset between notebooks, two workers, no kernel left."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import psutil
import pytest

from analysis.reproduce import NotebookFailed, execute, execute_all

# A notebook that leaves every kind of state behind that a shared kernel could carry over.
POLLUTER = r"""
import os, sys, warnings
import matplotlib
import pandas as pd
leftover = "from the notebook before"
os.environ["ANALYSIS_LANG"] = "id"
os.environ["ANALYSIS_FIGURES_DIR"] = "/nowhere"
os.chdir("/")
sys.path.insert(0, "/nowhere")
matplotlib.rcParams["lines.linewidth"] = 9
matplotlib.rcParams["font.size"] = 3
warnings.simplefilter("error")
print(os.getpid())
"""

# A notebook that reports what it sees, and saves a figure drawn with the default settings.
PROBE = r"""
import os, sys, warnings
from pathlib import Path
import socket
from analysis.plots import new_figure, save_figure
assert "leftover" not in globals(), "the namespace of the notebook before is visible"
assert "ANALYSIS_LANG" not in os.environ or os.environ["ANALYSIS_LANG"] != "id"
assert os.environ["MPLBACKEND"] == "Agg" and os.environ["PYTHONHASHSEED"] == "0"
assert os.environ["ANALYSIS_KERNEL_OFFLINE"] == "1"
assert getattr(socket.socket.connect, "_analysis_offline_guard", False), "guard missing"
assert "/nowhere" not in sys.path
assert Path.cwd() == Path(NOTEBOOK_DIR), Path.cwd()
assert not warnings.filters or warnings.filters[0][0] != "error"
fig, ax = new_figure()
ax.plot([2021, 2022, 2023], [80, 90, 85])
ax.set_title("probe")
save_figure(fig, "98_probe")
print(os.getpid(), len(In))
"""


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _printed(executed, cell=-1):
    nb = nbformat.read(executed, as_version=4)
    return nb.cells[cell].outputs[0]["text"].split()


def test_a_shared_kernel_is_reset_and_figures_match_a_fresh_kernel(tmp_path):
    src = tmp_path / "nb"
    src.mkdir()
    polluter = _notebook(src / "97_polluter.ipynb", POLLUTER)
    probe = _notebook(src / "98_probe.ipynb",
                      f"NOTEBOOK_DIR = {str(src)!r}", PROBE)
    shared = execute_all([polluter, probe], workers=1, figures_dir=tmp_path / "shared",
                         build_dir=tmp_path / "b1", html=False)
    fresh = execute(probe, figures_dir=tmp_path / "fresh", build_dir=tmp_path / "b2",
                    html=False)
    assert shared[1].figures == fresh.figures == ["98_probe.png", "98_probe.svg"]
    assert shared[0].figures == []
    for name in fresh.figures:   # byte-identical to the same notebook in a fresh kernel
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "fresh" / name
                                                               ).read_bytes()
    pid_polluter = int(_printed(shared[0].executed)[0])
    pid_probe, n_in = map(int, _printed(shared[1].executed))
    assert pid_polluter == pid_probe, "the two notebooks did not share the kernel"
    assert n_in == 3, "the input history of the notebook before is visible"
    counts = [c.execution_count for c in nbformat.read(shared[1].executed, 4).cells]
    assert counts == [1, 2]
    pid_fresh = int(_printed(fresh.executed)[0])
    for pid in (pid_probe, pid_fresh):   # every kernel shut down, none left behind
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"
    assert not list((tmp_path / "b1" / "kernels").iterdir())


def test_a_long_build_path_does_not_break_the_kernel_sockets(tmp_path):
    deep = tmp_path / ("a-folder-name-of-forty-characters-length" * 3)
    src = deep / "nb"
    src.mkdir(parents=True)
    book = _notebook(src / "96_deep.ipynb", "print(1 + 1)")
    run = execute(book, figures_dir=deep / "f", build_dir=deep / "b", html=False)
    assert _printed(run.executed) == ["2"]


def test_two_workers_run_side_by_side_and_stop_at_a_failure(tmp_path):
    src = tmp_path / "nb"
    src.mkdir()
    pid = "import os, time\ntime.sleep(1)\nprint(os.getpid())"
    books = [_notebook(src / f"9{i}_pid.ipynb", pid) for i in range(2)]
    books.append(_notebook(src / "92_broken.ipynb", "x = 1", "1 / 0"))
    books.append(_notebook(src / "93_never.ipynb", pid))
    seen = []
    with pytest.raises(NotebookFailed,
                       match=r"92_broken.ipynb: cell 2 \(code cell 2\) failed: ZeroDivisionError"):
        execute_all(books, workers=2, figures_dir=tmp_path / "f", build_dir=tmp_path / "b",
                    html=False, progress=lambda i, r: seen.append(i))
    pids = {int(_printed(tmp_path / "b" / "notebooks" / b.name)[0]) for b in books[:2]}
    assert len(pids) == 2, "the first two notebooks did not run on two kernels"
    assert sorted(seen)[:3] == [0, 1, 2]
    assert not (tmp_path / "b" / "notebooks" / "93_never.ipynb").exists() or 3 in seen
    for p in pids:
        assert not psutil.pid_exists(p) or psutil.Process(p).status() == "zombie"
    assert json.loads((tmp_path / "b" / "notebooks" / "92_broken.ipynb").read_text())["cells"]


def test_longest_first_by_the_last_recorded_durations(tmp_path):
    from analysis.scheduling import SECONDS_FILE, longest_first, remember_seconds

    books = [Path(f"{n}.ipynb") for n in ("a", "b", "c", "d")]
    assert longest_first(books, tmp_path) == [0, 1, 2, 3]          # nothing recorded: as given
    remember_seconds(tmp_path, {"a.ipynb": 1.0, "b.ipynb": 9.5, "c.ipynb": 1.0})
    assert longest_first(books, tmp_path) == [3, 1, 0, 2]          # never timed first; ties kept
    remember_seconds(tmp_path, {"d.ipynb": 0.5})                  # merged with what was there
    assert longest_first(books, tmp_path) == [1, 0, 2, 3]
    (tmp_path / SECONDS_FILE).write_text("not json", encoding="utf-8")
    assert longest_first(books, tmp_path) == [0, 1, 2, 3]          # unreadable: as given


def test_the_runner_hands_out_the_longest_notebook_first(tmp_path):
    from analysis.scheduling import SECONDS_FILE, remember_seconds

    src = tmp_path / "nb"
    src.mkdir()
    log = tmp_path / "order.txt"
    books = [_notebook(src / f"9{i}_order.ipynb",
                       f"with open({str(log)!r}, 'a') as f:\n    f.write('9{i} ')")
             for i in range(3)]
    remember_seconds(tmp_path / "b", {"90_order.ipynb": 1.0, "91_order.ipynb": 3.0,
                                      "92_order.ipynb": 2.0})
    runs = execute_all(books, workers=1, figures_dir=tmp_path / "f", build_dir=tmp_path / "b",
                       html=False)
    assert log.read_text().split() == ["91", "92", "90"]
    assert [r.name for r in runs] == [b.name for b in books]       # reported as asked
    recorded = json.loads((tmp_path / "b" / SECONDS_FILE).read_text())
    assert set(recorded) == {b.name for b in books}
    assert all(recorded[r.name] == round(r.seconds, 2) for r in runs)

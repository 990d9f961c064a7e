"""Peak memory and time of read_scores on files built to exhaust memory or hang.

Run: ``python benchmarks/hostile_memory.py [--keep DIR]``. Each hostile file is
built by code in a temporary folder (nothing large is committed), then read in
a fresh process; the peak resident memory of that process (``VmHWM``, which it
reads from ``/proc/self/status`` as it ends; ``ru_maxrss`` from ``os.wait4``
only for a process that crashed or was killed, since the kernel carries the
forking parent's high-water mark over ``exec`` into it: a test suite that
has grown to 550 MB measured every child at 550 MB) and its wall time are
printed as a Markdown table. The goal
(issue 15): under 500 MB for any input up to 50 MB on disk, and every case
ending in ``DataError``, never a hang or a traceback.
"""

from __future__ import annotations

import io
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HEADER = "Nama Instansi;Tahun;Nilai\n"
_CHILD = """
import sys, time
from analysis import DataError
from analysis.importing import read_scores
from analysis.regions import canonical_name
t = time.perf_counter()
what, arg = sys.argv[1], sys.argv[2]
try:
    if what == "name":
        canonical_name("Kabupaten " + "x" * int(arg))
    else:
        read_scores(arg)
    outcome = "read"
except DataError as err:
    outcome = "DataError: " + str(err).splitlines()[-1].strip()[:250]
# the high-water mark of this program's own memory: ru_maxrss, as the parent sees it,
# also carries the parent's (the address space it forked from) over exec
hwm = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(f"{time.perf_counter() - t:.2f}|{hwm}|{outcome}")
"""


def _xlsx(path: Path, rows, extra=None) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if extra:
        extra(sheet)
    book.save(path)


def giant_cell_xlsx(path: Path, size: int) -> None:
    """Write an XLSX whose one text cell holds ``size`` characters (streamed, small on disk)."""
    small = path.with_suffix(".small.xlsx")
    _xlsx(small, [["Nama Instansi", "Tahun", "Nilai"], ["GIANTCELL", 2023, 90]])
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)  # openpyxl writes text inline in the sheet's XML
            if b"GIANTCELL" not in data:
                out.writestr(info, data)
                continue
            before, after = data.split(b"GIANTCELL")
            with out.open(info.filename, "w", force_zip64=True) as f:
                f.write(before)
                chunk = b"A" * 1_000_000
                for _ in range(size // len(chunk)):
                    f.write(chunk)
                f.write(after)
    small.unlink()


def build(folder: Path) -> list[tuple[str, str, str]]:
    """Build every hostile input; return (case, kind of call, argument)."""
    cases = []
    p = folder / "small.csv"
    p.write_text(HEADER + "Pemkab Banyumas;2023;96,98\n", encoding="utf-8")
    cases.append(("baseline: a valid 2-row CSV", "read", str(p)))
    p = folder / "xfd.xlsx"
    _xlsx(p, [["Nama Instansi", "Tahun", "Nilai"]] +
          [[f"Kabupaten {i}", 2023, 90] for i in range(6000)],
          lambda s: s.cell(row=3, column=16384, value="x"))
    cases.append((f"XLSX, {p.stat().st_size // 1000} KB, a cell at XFD", "read", str(p)))
    p = folder / "giant_cell.xlsx"
    giant_cell_xlsx(p, 200_000_000)
    cases.append((f"XLSX, {p.stat().st_size // 1000} KB, one 200 MB cell", "read", str(p)))
    p = folder / "big_cell.xlsx"
    giant_cell_xlsx(p, 45_000_000)
    cases.append((f"XLSX, {p.stat().st_size // 1000} KB, one 45 MB cell (under the unpacked "
                  "cap)", "read", str(p)))
    p = folder / "name100mb.csv"
    with p.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for _ in range(100):
            f.write("A" * 1_000_000)
        f.write(";2023;90\n")
    cases.append(("CSV, 100 MB name", "read", str(p)))
    p = folder / "name9mb.csv"
    p.write_text(HEADER + "A" * 9_900_000 + ";2023;90\n", encoding="utf-8")
    cases.append(("CSV, 9.9 MB name (under the file cap)", "read", str(p)))
    p = folder / "rows50mb.csv"
    with p.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        line = "Pemkab Banyumas;2023;96,98\n"
        f.write(line * (50_000_000 // len(line)))
    cases.append(("CSV, 50 MB of rows", "read", str(p)))
    p = folder / "rows9mb.csv"
    with p.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        f.write("Pemkab Banyumas;2023;96,98\n" * 99_000)
    cases.append((f"CSV, {p.stat().st_size / 1e6:.1f} MB, 99,000 rows of one key", "read",
                   str(p)))
    p = folder / "blank_lines.csv"
    p.write_text(HEADER + "Pemkab Banyumas;2023;90\n" + "\n" * 9_900_000, encoding="utf-8")
    cases.append(("CSV, 9.9 MB of blank lines", "read", str(p)))
    p = folder / "separators.csv"
    p.write_text(HEADER + "Pemkab Banyumas;2023;90" + ";" * 9_900_000 + "x\n",
                 encoding="utf-8")
    cases.append(("CSV, one row of 9.9 million fields", "read", str(p)))
    p = folder / "quote.csv"
    p.write_text(HEADER + '"' + "Pemkab Banyumas;2023;90\n" * 400_000, encoding="utf-8")
    cases.append((f"CSV, {p.stat().st_size / 1e6:.1f} MB after an unclosed quote", "read",
                   str(p)))
    cases.append(("/dev/zero", "read", "/dev/zero"))
    fifo = folder / "pipe.csv"
    os.mkfifo(fifo)
    cases.append(("a FIFO with no writer", "read", str(fifo)))
    cases.append(("canonical_name of a 100 MB name", "name", "100000000"))
    return cases


def measure(what: str, arg: str, timeout: float = 120) -> tuple[float, float, str]:
    """Run one case in a fresh process; return (peak MB, wall seconds, outcome)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, what, arg], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return usage.ru_maxrss / 1024, time.perf_counter() - start, "TIMEOUT (killed)"
        time.sleep(0.02)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    if not out.strip():   # crashed: the kernel's count is all there is
        return (usage.ru_maxrss / 1024, wall,
                "CRASH: " + (err.strip().splitlines() or ["?"])[-1][:110])
    _, hwm_kb, outcome = out.strip().split("|", 2)
    return int(hwm_kb) / 1024, wall, outcome


def run(folder: Path | None = None, stream=sys.stdout) -> str:
    """Build, measure and print every case; return the Markdown table."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(folder or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        cases = build(folder)
        lines = [f"Peak memory of read_scores on hostile files ({platform.machine()}, Python "
                 f"{platform.python_version()}, {time.strftime('%Y-%m-%d', time.gmtime())})",
                 "", "| case | peak RSS (MB) | wall (s) | outcome |", "|---|---:|---:|---|"]
        for case, what, arg in cases:
            peak, wall, outcome = measure(what, arg)
            lines.append(f"| {case} | {peak:,.0f} | {wall:.1f} | {outcome} |")
            print(lines[-1], file=stream, flush=True)
    return "\n".join(lines)


if __name__ == "__main__":
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    print(run(keep, stream=io.StringIO()))

"""Command line: ``python -m analysis <command>``.

Commands
--------
tables      list the curated tables with their row counts
validate    check the curated data package (or one CSV file in a table's format)
reproduce   execute every notebook headless and write every figure
test        run the whole test suite (notebooks included)
lab         open JupyterLab on the notebooks
report      build the static HTML report of the executed notebooks (build/report/)
bench       speed and scale benchmarks (benchmarks/results.md)
datadoc     rewrite data/README.md from the descriptor and the tables
freeze      record the installed versions in constraints.txt
"""

from __future__ import annotations

import argparse
import subprocess
import sys


def _tables(args) -> int:
    import pandas as pd

    from analysis.loading import tables

    with pd.option_context("display.max_colwidth", 70, "display.width", 160):
        print(tables()[["name", "rows", "title"]].to_string(index=False))
    return 0


_SHOWN_PER_TABLE = 5


def _validate(args) -> int:
    from analysis.errors import DataError

    if args.path:
        from analysis.importing import read_scores

        kind = args.kind or "ombudsman"
        sheet = args.sheet
        try:
            if sheet is not None:
                sheet = _sheet_argument(args.path, sheet)
            frame = read_scores(args.path, kind, sheet=sheet, header_row=args.header_row)
        except DataError as err:
            print(err)
            return 1
        print(f"{args.path}: {len(frame)} rows, valid as a {kind!r} table")
        return 0
    from analysis.loading import check_package, descriptor, load

    failed: dict[str, int] = {}
    files = {}
    for res in descriptor()["resources"]:
        files[f"data/{res['path']}"] = res["name"]
        try:
            frame = load(res["name"])
            print(f"{res['name']:<20} {len(frame):6d} rows  ok")
        except DataError as err:
            print(f"{res['name']:<20}  FAILED, {len(err.problems)} problem(s):")
            for problem in err.problems[:_SHOWN_PER_TABLE]:
                print(f"    {str(problem)[:300]}")
            if len(err.problems) > _SHOWN_PER_TABLE:
                print(f"    ... and {len(err.problems) - _SHOWN_PER_TABLE} more")
            failed[res["name"]] = len(err.problems)
    lines = check_package()
    grouped: dict[str, list[str]] = {}
    for line in lines:
        table = files.get(line.split(",")[0].split(":")[0], "package")
        grouped.setdefault(table, []).append(line)
    if grouped:
        print("Frictionless check (types, constraints, primary and foreign keys):")
    for table, found in grouped.items():
        cap = " (Frictionless stops at 1,000)" if len(found) >= 1000 else ""
        print(f"  {table}: {len(found)} problem(s){cap}")
        for line in found[:_SHOWN_PER_TABLE]:
            print(f"    {line[:300]}")
        if len(found) > _SHOWN_PER_TABLE:
            print(f"    ... and {len(found) - _SHOWN_PER_TABLE} more")
    bad = sorted(set(failed) | set(grouped))
    if not bad:
        print("data package valid")
        return 0
    print(f"{sum(failed.values()) + len(lines)} problems in {len(bad)} table(s): "
          + ", ".join(bad))
    return 1


def _sheet_argument(path: str, sheet: str):
    """Return the sheet named on the command line: a name, or a position counted from 1."""
    from analysis.rawtable import sheet_names

    names = sheet_names(path)
    if sheet in names or not sheet.isdigit():
        return sheet
    return int(sheet) - 1


def _reproduce(args) -> int:
    from analysis.reproduce import NotebookFailed, run

    try:
        run(args.notebooks or None, offline=not args.online, html=not args.no_html)
    except NotebookFailed as err:
        print(f"\nFAILED: {err}", file=sys.stderr)
        return 1
    return 0


def _test(args) -> int:
    from analysis import paths

    return subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args],
                           cwd=paths.root())


def _lab(args) -> int:
    from analysis import paths

    return subprocess.call([sys.executable, "-m", "jupyterlab",
                            f"--notebook-dir={paths.notebooks_dir()}", *args.lab_args])


def _report(args) -> int:
    from analysis.report import build_report

    index = build_report()
    print(f"report: {index}")
    return 0


def _bench(args) -> int:
    import runpy

    from analysis import paths

    module = runpy.run_path(str(paths.root() / "benchmarks" / "run.py"))
    module["run"](notebooks=not args.no_notebooks)
    return 0


def _datadoc(args) -> int:
    from analysis.datadoc import write_data_readme

    write_data_readme()
    print("wrote data/README.md")
    return 0


def _freeze(args) -> int:
    from analysis import paths

    out = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                         check=True, capture_output=True, text=True).stdout
    lines = sorted((ln for ln in out.splitlines() if ln and not ln.startswith("-e ")),
                   key=str.lower)
    header = ("# Exact versions of the last green run (python -m analysis freeze).\n"
              "# make installs with 'pip install -c constraints.txt', so figures are rebuilt\n"
              "# with the same library versions.\n")
    target = paths.root() / "constraints.txt"
    target.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} pinned packages to {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tables", help="list the curated tables").set_defaults(func=_tables)
    v = sub.add_parser("validate", help="check the data package, or a user's own table")
    v.add_argument("path", nargs="?", help="a CSV or XLSX file of scores (see read_scores)")
    v.add_argument("--kind", choices=["ombudsman", "ombudsman_units", "pekppp", "pekppp_units"],
                   help="the table the file follows (default ombudsman)")
    v.add_argument("--sheet", help="XLSX sheet: its name, or its position counted from 1 "
                                   "(default the first)")
    v.add_argument("--header-row", type=int, dest="header_row",
                   help="spreadsheet row of the header, when a title is above it")
    v.set_defaults(func=_validate)
    r = sub.add_parser("reproduce", help="execute every notebook and write every figure")
    r.add_argument("notebooks", nargs="*", help="only these notebooks (names, .ipynb optional)")
    r.add_argument("--no-html", action="store_true", help="skip the HTML rendering")
    r.add_argument("--online", action="store_true", help="do not block network access in kernels")
    r.set_defaults(func=_reproduce)
    t = sub.add_parser("test", help="run the whole test suite")
    t.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed to pytest")
    t.set_defaults(func=_test)
    lab = sub.add_parser("lab", help="open JupyterLab on the notebooks")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="passed to jupyter lab")
    lab.set_defaults(func=_lab)
    sub.add_parser("report", help="build a static HTML report in build/report/").set_defaults(
        func=_report)
    b = sub.add_parser("bench", help="run the benchmarks; write benchmarks/results.md")
    b.add_argument("--no-notebooks", action="store_true", help="skip timing the notebooks")
    b.set_defaults(func=_bench)
    sub.add_parser("datadoc", help="rewrite data/README.md from the descriptor and tables"
                   ).set_defaults(func=_datadoc)
    sub.add_parser("freeze", help="record installed versions in constraints.txt").set_defaults(
        func=_freeze)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

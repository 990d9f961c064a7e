"""Command line: ``python -m analysis COMMAND``.

The help text of every command (what it does, one example) lives in
``_USER_COMMANDS`` and ``_MAINTAINER_COMMANDS`` below; ``python -m analysis
--help`` lists the user commands, and the maintainer commands (``datadoc``,
``freeze``, which rewrite tracked files) apart.
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
        run(args.notebooks or None, offline=not args.online, html=args.html and not args.no_html)
    except NotebookFailed as err:
        print(f"\nFAILED: {err}", file=sys.stderr)
        return 1
    return 0


def _test(args) -> int:
    from analysis import paths

    return subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args],
                           cwd=paths.root())


def _free_port(preferred: int = 8888) -> int:
    """Return ``preferred`` if nothing listens on it on 127.0.0.1, else a free port."""
    import socket

    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise OSError("no free port on 127.0.0.1")


def _given(lab_args: list[str], *names: str) -> str | None:
    """Return the value of ``--name=value`` or ``--name value`` in ``lab_args``, if given."""
    for i, arg in enumerate(lab_args):
        for name in names:
            if arg.startswith(f"--{name}="):
                return arg.split("=", 1)[1]
            if arg == f"--{name}" and i + 1 < len(lab_args):
                return lab_args[i + 1]
    return None


def lab_command(lab_args: list[str] | None = None, *, as_root: bool | None = None
                ) -> tuple[list[str], str]:
    """Return the JupyterLab command line and the address (with token) it will listen on.

    Listens on 127.0.0.1, port 8888 or the next free one, with a random token
    (or ``JUPYTER_TOKEN`` if set); adds ``--allow-root`` when run as root.
    Options in ``lab_args`` (``--ip``, ``--port``, a token) win.
    """
    import os
    import secrets

    from analysis import paths

    lab_args = list(lab_args or [])
    if as_root is None:
        as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    ip = _given(lab_args, "ip", "ServerApp.ip") or "127.0.0.1"
    port = _given(lab_args, "port", "ServerApp.port")
    token = (_given(lab_args, "IdentityProvider.token", "ServerApp.token")
             or os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16))
    extra = [] if _given(lab_args, "ip", "ServerApp.ip") else [f"--ServerApp.ip={ip}"]
    if port is None:
        port = str(_free_port())
        extra.append(f"--ServerApp.port={port}")
    if not _given(lab_args, "IdentityProvider.token", "ServerApp.token"):
        extra.append(f"--IdentityProvider.token={token}")
    if as_root and "--allow-root" not in lab_args:
        extra.append("--allow-root")
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={paths.notebooks_dir()}",
               "--ServerApp.port_retries=0", *extra, *lab_args]
    host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
    return command, f"http://{host}:{port}/lab?token={token}"


def _lab(args) -> int:
    import os
    from urllib.parse import urlsplit

    command, url = lab_command(args.lab_args)
    port = urlsplit(url).port
    root = " (running as root: --allow-root added)" if "--allow-root" in command else ""
    print(f"JupyterLab on the notebooks{root}.\n"
          f"Open in a browser: {url}\n"
          "Stop it with Ctrl-C. From another machine, forward the port first:\n"
          f"  ssh -L {port}:127.0.0.1:{port} user@this-machine", flush=True)
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") \
            and "--no-browser" not in command:
        command.append("--no-browser")   # no screen to open a browser on
    return subprocess.call(command)


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


_USER_COMMANDS = {
    "tables": (
        "list the curated tables with their row counts",
        "List the curated tables of data/ with their row counts and titles.",
        "python -m analysis tables"),
    "validate": (
        "check the data package, or a table of your own",
        "Check the curated data package (types, ranges, keys, foreign keys), or check one\n"
        "CSV or XLSX file of your own against a table's format. Every problem is reported\n"
        "with its file, row, column and value.",
        "python -m analysis validate lampiran.csv --kind ombudsman"),
    "reproduce": (
        "execute every notebook and write every figure",
        "Execute every notebook headless, in reading order, and write every figure to\n"
        "figures/ (PNG and SVG). Executed copies and their HTML go to build/. Prints one\n"
        "line per notebook and stops at the first failing cell, naming notebook and cell.",
        "python -m analysis reproduce 02_provinces"),
    "test": (
        "run the whole test suite",
        "Run the whole test suite with pytest (data checks and notebook execution\n"
        "included). Anything after the command is passed to pytest.",
        "python -m analysis test -q -k scales"),
    "lab": (
        "open JupyterLab on the notebooks (prints address and token)",
        "Open JupyterLab on the notebooks/ folder. It listens on 127.0.0.1 (port 8888, or\n"
        "the next free one) with a token printed before it starts; open the printed\n"
        "address in a browser. As root it adds --allow-root. Anything after the command\n"
        "is passed to jupyter lab. Stop it with Ctrl-C.",
        "python -m analysis lab --port 8890"),
    "report": (
        "re-execute the notebooks and build the HTML report",
        "Re-execute every notebook, then build a static HTML site of the executed\n"
        "notebooks, the figures and the data dictionary in build/report/ (open\n"
        "build/report/index.html; it needs no network).",
        "python -m analysis report"),
    "bench": (
        "run the speed and scale benchmarks",
        "Run the speed and scale benchmarks and write benchmarks/results.md.",
        "python -m analysis bench --no-notebooks"),
}
_MAINTAINER_COMMANDS = {
    "datadoc": (
        "rewrite data/README.md from the descriptor and tables",
        "Maintainer command: rewrites the tracked file data/README.md from\n"
        "data/datapackage.json and the tables. Commit the result.",
        "python -m analysis datadoc"),
    "freeze": (
        "rewrite constraints.txt with the installed versions",
        "Maintainer command: rewrites the tracked file constraints.txt with the versions\n"
        "installed in this environment (the versions make installs). Run it only after a\n"
        "green test run, and commit the result.",
        "python -m analysis freeze"),
}


def _overview() -> str:
    def block(commands):
        return "\n".join(f"  {name:<10} {summary}" for name, (summary, _, _) in commands.items())

    return ("Maintainer commands (they rewrite tracked files; not needed to use the package):\n"
            + block(_MAINTAINER_COMMANDS)
            + "\n\nRun 'python -m analysis COMMAND --help' for what a command does, with an "
              "example.\nExample: python -m analysis reproduce")


def _subparser(sub, name: str, commands: dict, *, listed: bool):
    summary, description, example = commands[name]
    kwargs = {"description": description, "epilog": f"Example:\n  {example}",
              "formatter_class": argparse.RawDescriptionHelpFormatter}
    if listed:   # maintainer commands are left out of the main list and shown apart
        kwargs["help"] = summary
    return sub.add_parser(name, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """Return the command line's parser (its help is tested for plain text and examples)."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="The package's commands: rebuild the figures, check the data, test, open "
                    "the notebooks,\nbuild the report.",
        epilog=_overview(),
        formatter_class=lambda prog: argparse.RawDescriptionHelpFormatter(
            prog, max_help_position=18))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title="commands")
    _subparser(sub, "tables", _USER_COMMANDS, listed=True).set_defaults(func=_tables)
    v = _subparser(sub, "validate", _USER_COMMANDS, listed=True)
    v.add_argument("path", nargs="?",
                   help="a CSV or XLSX file of scores; without it, the curated package")
    v.add_argument("--kind", choices=["ombudsman", "ombudsman_units", "pekppp", "pekppp_units"],
                   help="the table the file follows (default ombudsman)")
    v.add_argument("--sheet", help="XLSX sheet: its name, or its position counted from 1 "
                                   "(default the first)")
    v.add_argument("--header-row", type=int, dest="header_row",
                   help="spreadsheet row of the header, when a title is above it")
    v.set_defaults(func=_validate)
    r = _subparser(sub, "reproduce", _USER_COMMANDS, listed=True)
    r.add_argument("notebooks", nargs="*", help="only these notebooks (names, .ipynb optional)")
    r.add_argument("--html", action="store_true",
                   help="also render each executed notebook to build/html (make report builds "
                        "the HTML site)")
    r.add_argument("--no-html", action="store_true", help=argparse.SUPPRESS)  # the default now
    r.add_argument("--online", action="store_true", help="do not block network access in kernels")
    r.set_defaults(func=_reproduce)
    t = _subparser(sub, "test", _USER_COMMANDS, listed=True)
    t.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed to pytest")
    t.set_defaults(func=_test)
    lab = _subparser(sub, "lab", _USER_COMMANDS, listed=True)
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="passed to jupyter lab")
    lab.set_defaults(func=_lab)
    _subparser(sub, "report", _USER_COMMANDS, listed=True).set_defaults(func=_report)
    b = _subparser(sub, "bench", _USER_COMMANDS, listed=True)
    b.add_argument("--no-notebooks", action="store_true", help="skip timing the notebooks")
    b.set_defaults(func=_bench)
    _subparser(sub, "datadoc", _MAINTAINER_COMMANDS, listed=False).set_defaults(func=_datadoc)
    _subparser(sub, "freeze", _MAINTAINER_COMMANDS, listed=False).set_defaults(func=_freeze)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``python -m analysis COMMAND``.

The help text of every command (what it does, one example) is a row of
``analysis/messages.csv`` (``cli.<command>.summary`` and ``.description``, in
English and Indonesian), its example in ``_USER_COMMANDS`` and
``_MAINTAINER_COMMANDS`` below; ``python -m analysis --help`` lists the user
commands, and the maintainer commands (``datadoc``, ``freeze``, which rewrite
tracked files) apart. With ``ANALYSIS_LANG=id`` the help, the progress and
summary lines and the errors are in Bahasa Indonesia.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from analysis.texts import message as _msg


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
        print(_msg("cli.file_valid", path=args.path, n=len(frame), kind=kind))
        return 0
    from analysis.loading import descriptor, load, package_problems

    failed: dict[str, int] = {}
    files = {}
    for res in descriptor()["resources"]:
        files[f"data/{res['path']}"] = res["name"]
        try:
            frame = load(res["name"])
            print(_msg("cli.table_ok", name=res["name"], n=len(frame)))
        except DataError as err:
            print(_msg("cli.table_failed", name=res["name"], n=len(err.problems)))
            for problem in err.problems[:_SHOWN_PER_TABLE]:
                print(f"    {str(problem)[:300]}")
            if len(err.problems) > _SHOWN_PER_TABLE:
                print("    " + _msg("cli.more", n=len(err.problems) - _SHOWN_PER_TABLE))
            failed[res["name"]] = len(err.problems)
    lines = package_problems()
    grouped: dict[str, list[str]] = {}
    for file, line in lines:
        grouped.setdefault(files.get(file, "package"), []).append(line)
    if grouped:
        print(_msg("cli.frictionless"))
    for table, found in grouped.items():
        cap = _msg("cli.frictionless_cap") if len(found) >= 1000 else ""
        print("  " + _msg("cli.table_problems", table=table, n=len(found), cap=cap))
        for line in found[:_SHOWN_PER_TABLE]:
            print(f"    {line[:300]}")
        if len(found) > _SHOWN_PER_TABLE:
            print("    " + _msg("cli.more", n=len(found) - _SHOWN_PER_TABLE))
    bad = sorted(set(failed) | set(grouped))
    if not bad:
        print(_msg("cli.package_valid"))
        return 0
    print(_msg("cli.package_failed", n=sum(failed.values()) + len(lines), tables=len(bad),
               names=", ".join(bad)))
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
        print("\n" + _msg("cli.failed", error=err), file=sys.stderr)
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
    root = _msg("cli.lab_root") if "--allow-root" in command else ""
    print(_msg("cli.lab", root=root, url=url, port=port), flush=True)
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") \
            and "--no-browser" not in command:
        command.append("--no-browser")   # no screen to open a browser on
    return subprocess.call(command)


def _report(args) -> int:
    from analysis.report import build_report

    index = build_report()
    print(_msg("cli.report_done", index=index))
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
    print(_msg("cli.datadoc_done"))
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
    print(_msg("cli.freeze_done", n=len(lines), target=target))
    return 0


# command -> its example; what it does is cli.<command>.summary / .description in messages.csv
_USER_COMMANDS = {
    "tables": "python -m analysis tables",
    "validate": "python -m analysis validate lampiran.csv --kind ombudsman",
    "reproduce": "python -m analysis reproduce 02_provinces",
    "test": "python -m analysis test -q -k scales",
    "lab": "python -m analysis lab --port 8890",
    "report": "python -m analysis report",
    "bench": "python -m analysis bench --no-notebooks",
}
_MAINTAINER_COMMANDS = {
    "datadoc": "python -m analysis datadoc",
    "freeze": "python -m analysis freeze",
}


def _overview() -> str:
    def block(commands):
        return "\n".join(f"  {name:<10} {_msg(f'cli.{name}.summary')}" for name in commands)

    return (_msg("cli.maintainer") + "\n" + block(_MAINTAINER_COMMANDS) + "\n\n"
            + _msg("cli.more_help"))


def _formatter(prog: str, **kwargs):
    """Return the help layout, with argparse's own words ("usage:") in the active language."""
    class Formatter(argparse.RawDescriptionHelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            # prefix "" is argparse building a subcommand's prog: no word to translate there
            super().add_usage(usage, actions, groups,
                              prefix=_msg("cli.usage") if prefix is None else prefix)

    return Formatter(prog, **kwargs)


def _localise(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Put argparse's section titles and the -h help in the active language."""
    parser._positionals.title = _msg("cli.positionals")
    parser._optionals.title = _msg("cli.optionals")
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = _msg("cli.help")
    return parser


def _subparser(sub, name: str, commands: dict, *, listed: bool):
    kwargs = {"description": _msg(f"cli.{name}.description"),
              "epilog": _msg("cli.example", example=commands[name]),
              "formatter_class": _formatter}
    if listed:   # maintainer commands are left out of the main list and shown apart
        kwargs["help"] = _msg(f"cli.{name}.summary")
    return _localise(sub.add_parser(name, **kwargs))


def build_parser() -> argparse.ArgumentParser:
    """Return the command line's parser (its help is tested for plain text and examples)."""
    parser = _localise(argparse.ArgumentParser(
        prog="python -m analysis", description=_msg("cli.description"), epilog=_overview(),
        formatter_class=lambda prog: _formatter(prog, max_help_position=18)))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_msg("cli.metavar"),
                                title=_msg("cli.commands"))
    _subparser(sub, "tables", _USER_COMMANDS, listed=True).set_defaults(func=_tables)
    v = _subparser(sub, "validate", _USER_COMMANDS, listed=True)
    v.add_argument("path", nargs="?", metavar=_msg("cli.metavar.path"), help=_msg("cli.arg.path"))
    v.add_argument("--kind", choices=["ombudsman", "ombudsman_units", "pekppp", "pekppp_units"],
                   help=_msg("cli.arg.kind"))
    v.add_argument("--sheet", metavar=_msg("cli.metavar.sheet"), help=_msg("cli.arg.sheet"))
    v.add_argument("--header-row", type=int, dest="header_row",
                   metavar=_msg("cli.metavar.header_row"), help=_msg("cli.arg.header_row"))
    v.set_defaults(func=_validate)
    r = _subparser(sub, "reproduce", _USER_COMMANDS, listed=True)
    r.add_argument("notebooks", nargs="*", metavar=_msg("cli.metavar.notebooks"),
                   help=_msg("cli.arg.notebooks"))
    r.add_argument("--html", action="store_true", help=_msg("cli.arg.html"))
    r.add_argument("--no-html", action="store_true", help=argparse.SUPPRESS)  # the default now
    r.add_argument("--online", action="store_true", help=_msg("cli.arg.online"))
    r.set_defaults(func=_reproduce)
    t = _subparser(sub, "test", _USER_COMMANDS, listed=True)
    t.add_argument("pytest_args", nargs=argparse.REMAINDER, help=_msg("cli.arg.pytest"))
    t.set_defaults(func=_test)
    lab = _subparser(sub, "lab", _USER_COMMANDS, listed=True)
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help=_msg("cli.arg.lab"))
    lab.set_defaults(func=_lab)
    _subparser(sub, "report", _USER_COMMANDS, listed=True).set_defaults(func=_report)
    b = _subparser(sub, "bench", _USER_COMMANDS, listed=True)
    b.add_argument("--no-notebooks", action="store_true", help=_msg("cli.arg.no_notebooks"))
    b.set_defaults(func=_bench)
    _subparser(sub, "datadoc", _MAINTAINER_COMMANDS, listed=False).set_defaults(func=_datadoc)
    _subparser(sub, "freeze", _MAINTAINER_COMMANDS, listed=False).set_defaults(func=_freeze)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for an unknown ANALYSIS_LANG)."""
    from analysis.errors import DataError, check_lang
    from analysis.texts import language

    try:
        lang = check_lang()
    except DataError as err:
        print(err, file=sys.stderr)
        return 2
    with language(lang):
        args = build_parser().parse_args(argv)
        return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

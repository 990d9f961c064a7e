"""The command line's help: plain text, a description and an example for every command."""

from __future__ import annotations

import argparse
import re

import pytest

from analysis import __main__ as cli

_MARKUP = re.compile(r"``|:(func|mod|class|meth|attr|data|ref):`|`[^`]+`_")


def _subcommands():
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return parser, action.choices


def test_main_help_lists_user_commands_and_maintainer_commands_apart():
    parser, commands = _subcommands()
    text = parser.format_help()
    assert not _MARKUP.search(text), _MARKUP.search(text)
    user, maintainer = text.split("Maintainer commands", 1)
    for name in ("tables", "validate", "reproduce", "test", "lab", "report", "bench"):
        assert re.search(rf"^\s+{name}\b", user, re.M), name
    for name in ("datadoc", "freeze"):
        assert not re.search(rf"^\s+{name}\b", user, re.M), f"{name} among the user commands"
        assert re.search(rf"^\s+{name}\s+rewrite", maintainer, re.M), name
    assert "rewrite tracked files" in maintainer
    assert set(commands) == {"tables", "validate", "reproduce", "test", "lab", "report",
                             "bench", "datadoc", "freeze"}


@pytest.mark.parametrize("name", ["tables", "validate", "reproduce", "test", "lab", "report",
                                  "bench", "datadoc", "freeze"])
def test_each_command_says_what_it_does_with_an_example(name):
    _, commands = _subcommands()
    text = commands[name].format_help()
    assert not _MARKUP.search(text), f"markup in the help of {name}: {_MARKUP.search(text)}"
    description = commands[name].description or ""
    assert len(description.split()) >= 8, f"{name}: no description"
    example = re.search(r"^Example:\n  (python -m analysis .+)$", text, re.M)
    assert example, f"{name}: no example"
    assert example.group(1).split()[3] == name
    if name in ("datadoc", "freeze"):
        assert "rewrites the tracked file" in description


def test_lab_as_root_allows_root_and_prints_address_and_token(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    monkeypatch.setattr("os.geteuid", lambda: 0, raising=False)
    monkeypatch.setattr(cli, "_free_port", lambda: 8888)   # sockets are blocked in tests
    monkeypatch.delenv("JUPYTER_TOKEN", raising=False)
    assert cli.main(["lab"]) == 0
    command = calls[0]
    assert "--allow-root" in command and "--ServerApp.ip=127.0.0.1" in command
    token = next(a.split("=", 1)[1] for a in command if a.startswith("--IdentityProvider.token="))
    port = next(a.split("=", 1)[1] for a in command if a.startswith("--ServerApp.port="))
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:{port}/lab?token={token}" in out
    assert "as root" in out and len(token) >= 32


def test_lab_keeps_the_users_port_and_token(monkeypatch):
    command, url = cli.lab_command(["--port=9999", "--IdentityProvider.token=abc"],
                                   as_root=False)
    assert url == "http://127.0.0.1:9999/lab?token=abc"
    assert "--allow-root" not in command
    assert not any(a.startswith("--ServerApp.port=") for a in command)

"""Nothing reaches the network: not the tests, not the notebook kernels."""

from __future__ import annotations

import socket

import nbformat
import pytest
from pytest_socket import SocketBlockedError

from analysis.reproduce import execute


def test_sockets_are_blocked_in_the_test_process():
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_notebook_kernels_run_with_the_offline_guard(tmp_path):
    # The cell checks that the guard is installed *before* trying anything, so
    # a missing guard fails the test without ever opening a connection.
    code = """
import socket
assert getattr(socket.socket.connect, "_analysis_offline_guard", False), "guard missing"
assert getattr(socket.getaddrinfo, "_analysis_offline_guard", False), "guard missing"
import os
assert os.environ["ANALYSIS_KERNEL_OFFLINE"] == "1"
try:
    socket.getaddrinfo("example.org", 443)
except OSError as exc:
    assert "blocked" in str(exc)
else:
    raise AssertionError("name lookup was not blocked")
"""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "98_offline.ipynb"
    nbformat.write(nb, path)
    execute(path, figures_dir=tmp_path / "f", build_dir=tmp_path / "b", html=False)

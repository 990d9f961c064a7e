"""The explorer's functions, JupyterLab serving the notebooks, and the report in a real browser."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

import analysis
from analysis import DataError, paths
from analysis.explore import (
    entity_choices,
    entity_history,
    explore,
    history_figure,
    peer_rank,
    rows_behind,
    rows_html,
    self_ministry_gap,
)
from analysis.reproduce import kernel_env


def test_entity_history_with_official_bands_of_each_era():
    h = entity_history(analysis.load("ombudsman"), "Kabupaten Banyumas").set_index("year")
    assert h.loc[2015, ["score", "official", "era"]].tolist() == [31.56, "merah",
                                                                  "ombudsman-2015"]
    assert h.loc[2021, "official"] == "hijau" and h.loc[2021, "era"] == "ombudsman-2021"
    with pytest.raises(DataError, match="'Kota Nowhere': unknown entity name; nearest"):
        entity_history(analysis.load("ombudsman"), "Kota Nowhere")
    with pytest.raises(DataError, match="no rows for 'Kota Salatiga'"):    # known, not in data
        entity_history(analysis.load("ombudsman")[lambda f: f.entity != "Kota Salatiga"],
                       "Kota Salatiga")


def test_peer_rank_and_gap_and_choices():
    omb = analysis.load("ombudsman")
    r = peer_rank(omb, "Kabupaten Tuban", 2023)
    assert r["rank"] == 1 and r["rank_low"] <= 5 and r["n_ranked"] > 100
    gap = self_ministry_gap(analysis.load("pekppp"), "Kabupaten Banjarnegara")
    assert gap[["self", "ministry"]].iloc[0].tolist() == [2.97, 4.56]
    choices = entity_choices(omb, year=2024, entity_type="kota", province="Jawa Tengah")
    assert "Kota Magelang" in choices and all(c.startswith("Kota ") for c in choices)


def test_rows_behind_link_every_source():
    rows = rows_behind(analysis.load("pekppp"), "Kabupaten Banjarnegara")
    page = rows_html(rows)
    assert page.count('<a href="https://') == len(rows) == 2
    assert 'target="_blank"' in page


def test_explorer_works_on_a_users_own_table(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("Nama Instansi;Tahun;Nilai\nPemkab Banyumas;2023;96,98\n"
                    "Pemkab Banyumas;2024;97,5\n", encoding="utf-8")
    mine = analysis.read_scores(path)
    h = entity_history(mine, "Kabupaten Banyumas")
    assert h["score"].tolist() == [96.98, 97.5]
    page = rows_html(rows_behind(mine, "Kabupaten Banyumas"))
    assert "user:mine.csv" in page and "<a href" not in page
    assert history_figure(h, "Kabupaten Banyumas").axes
    ex = explore(ombudsman=mine)
    assert list(ex.entity.options) == ["Kabupaten Banyumas"]
    assert ex.entity.value == "Kabupaten Banyumas"      # the only entity: opened on it
    assert bytes(ex.chart.value)[:8] == b"\x89PNG\r\n\x1a\n"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_jupyterlab_serves_the_notebooks_on_loopback(tmp_path):
    port, token = _free_port(), "analysis-test-token"
    env = kernel_env(offline=True, figures_dir=tmp_path)   # the server runs with the guard too
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={paths.notebooks_dir()}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        listing, deadline = None, time.monotonic() + 60
        while time.monotonic() < deadline and listing is None:
            try:
                url = f"http://127.0.0.1:{port}/api/contents?token={token}"
                with urllib.request.urlopen(url, timeout=2) as resp:
                    listing = json.load(resp)
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stdout.read().decode(errors="replace")[-2000:])
                time.sleep(0.5)
        assert listing is not None, "JupyterLab did not answer within 60 s"
        names = {item["name"] for item in listing["content"]}
        assert {p.name for p in paths.notebooks_dir().glob("*.ipynb")} <= names
    finally:
        server.terminate()
        server.wait(timeout=30)


def _chromium():
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.browser
@pytest.mark.enable_socket
def test_report_shows_every_figure_without_console_errors(report_index):
    browser_path = _chromium()
    if browser_path is None:
        pytest.skip("Chromium not found: install Debian's chromium package "
                    "(apt-get install chromium), as .ci/run does, to run the browser test")
    from playwright.sync_api import sync_playwright

    # built from the copies the notebook tests use: the suite executes each notebook once
    site = report_index.parent
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    pages = ["index.html", *manifest["pages"]]
    errors, requests = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=browser_path, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        def offline(route):   # the report must need nothing from the network
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                requests.append(route.request.url)
                route.abort()

        page.route("**/*", offline)
        images = {}
        for name in pages:
            page.goto((site / name).as_uri())
            page.wait_for_load_state("load")
            loaded = page.eval_on_selector_all(
                "img", "els => els.map(e => e.complete && e.naturalWidth > 0)")
            images[name] = loaded
            assert all(loaded), f"{name}: an image did not load"
        browser.close()
    assert not errors, errors
    assert not requests, f"the report asked the network for {requests}"
    committed = sorted(p.name for p in (paths.root() / "figures").glob("*.png")
                       if not p.name.endswith(".id.png"))   # the report shows the English ones
    assert sorted(manifest["figures"]) == committed     # every figure of every notebook
    assert len(images["figures.html"]) == len(committed)


def test_report_from_executed_copies_never_executes(tmp_path):
    from analysis.report import build_report
    from analysis.reproduce import notebooks

    first = notebooks()[0].name                      # the first in reading order is missing
    with pytest.raises(FileNotFoundError, match=rf"no executed copy of {first}"):
        build_report(tmp_path / "build", execute=False, executed_dir=tmp_path / "none")


def test_report_static_outputs_replace_widgets():
    import nbformat

    from analysis.report import _static_outputs

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("explore()")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "x"},
                              "text/plain": "VBox()"})]
    script = nbformat.v4.new_code_cell("show()")
    script.outputs = [nbformat.v4.new_output(
        "display_data", data={"application/javascript": "alert(1)", "text/plain": "x"})]
    table = nbformat.v4.new_code_cell("load()")
    table.outputs = [nbformat.v4.new_output(
        "execute_result", data={"text/html": "<table></table>", "text/plain": "t"},
        execution_count=1)]
    nb.cells = [cell, script, table]
    nb.metadata["widgets"] = {"state": {}}
    _static_outputs(nb)
    assert "widgets" not in nb.metadata
    for replaced in (cell, script):
        assert list(replaced.outputs[0]["data"]) == ["text/html"]
        note = replaced.outputs[0]["data"]["text/html"]
        assert "Interactive explorer" in note and "make lab" in note
    assert table.outputs[0]["data"] == {"text/html": "<table></table>", "text/plain": "t"}

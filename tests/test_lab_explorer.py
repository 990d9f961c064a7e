"""The explorer in a real JupyterLab, driven by Debian's Chromium: run 05_explore, see it update."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from analysis import paths
from analysis.reproduce import kernel_env


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_lab(tmp_path, port, token):
    env = kernel_env(offline=True, figures_dir=tmp_path / "figures")
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "workspaces")
    root = tmp_path / "notebooks"
    shutil.copytree(paths.notebooks_dir(), root)   # the stored notebooks stay untouched
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            url = f"http://127.0.0.1:{port}/api/contents?token={token}"
            with urllib.request.urlopen(url, timeout=2) as resp:
                json.load(resp)
            return server
        except OSError:
            if server.poll() is not None:
                pytest.fail(server.stdout.read().decode(errors="replace")[-2000:])
            time.sleep(0.5)
    server.terminate()
    pytest.fail("JupyterLab did not answer within 90 s")


def _select(page, label, option):
    sel = page.locator(f".widget-dropdown:has(label:text-is('{label}')) select").first
    sel.select_option(label=option.replace(" ", "\xa0"))   # ipywidgets shows no-break spaces


@pytest.mark.browser
@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_explorer_in_jupyterlab_shows_its_chart_and_follows_the_filters(tmp_path):
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        pytest.skip("Chromium not found: install Debian's chromium package "
                    "(apt-get install chromium), as .ci/run does, to run the browser test")
    from playwright.sync_api import sync_playwright

    shots = os.environ.get("ANALYSIS_SCREENSHOTS")      # a folder to keep the screenshots in
    port, token = _free_port(), "analysis-lab-test"
    server = _start_lab(tmp_path, port, token)
    requests = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=browser_path, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update",
                      "--disable-sync"])
            page = browser.new_page(viewport={"width": 1280, "height": 1400})

            def local_only(route):
                url = route.request.url
                if url.startswith(f"http://127.0.0.1:{port}/") or url.startswith("data:"):
                    route.continue_()
                else:
                    requests.append(url)
                    route.abort()

            page.route("**/*", local_only)
            page.goto(f"http://127.0.0.1:{port}/lab/tree/05_explore.ipynb?token={token}")
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=90_000)
            page.locator(".jp-Notebook").click()
            page.keyboard.press("Escape")
            page.keyboard.press("Shift+Enter")     # the first cell: imports, the explorer
            page.keyboard.press("Shift+Enter")
            chart = page.locator(".widget-image").first
            chart.wait_for(state="visible", timeout=90_000)
            page.wait_for_function(
                "() => { const i = document.querySelector('.widget-image');"
                " return i && i.complete && i.naturalWidth > 300; }", timeout=60_000)
            entity = page.locator(".widget-dropdown:has(label:text-is('Entity')) select").first
            shown = entity.evaluate("e => e.options[e.selectedIndex].text")
            assert shown.replace("\xa0", " ") == "Kabupaten Banjarnegara"
            first = chart.get_attribute("src")
            if shots:
                page.screenshot(path=os.path.join(shots, "lab_explorer_1_open.png"))

            _select(page, "Year", "2023")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.widget-html')]"
                ".some(e => e.innerText.includes('2023:'))", timeout=30_000)
            assert chart.is_visible()
            if shots:
                page.screenshot(path=os.path.join(shots, "lab_explorer_2_year.png"))

            _select(page, "Province", "Banten")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.widget-html')]"
                ".some(e => e.innerText.includes('Kabupaten Banjarnegara has no published'))",
                timeout=30_000)
            if shots:
                page.screenshot(path=os.path.join(shots, "lab_explorer_3_province.png"))

            _select(page, "Province", "Jawa Tengah")
            page.wait_for_function(
                "() => { const i = document.querySelector('.widget-image');"
                " return i && i.offsetParent !== null && i.naturalWidth > 300; }",
                timeout=30_000)
            _select(page, "Entity", "Kabupaten Banyumas")
            page.wait_for_function(
                f"() => document.querySelector('.widget-image').src !== {json.dumps(first)}",
                timeout=30_000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.widget-html')]"
                ".some(e => e.innerText.includes('96.98 points'))", timeout=30_000)
            if shots:
                page.screenshot(path=os.path.join(shots, "lab_explorer_4_entity.png"))
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    assert not requests, f"JupyterLab or the page asked the network for {requests}"

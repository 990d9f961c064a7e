"""Every page of the report in a real browser: fits a 1,280 px window, no errors, every figure.

Needs Debian's chromium (apt-get install chromium); skipped with that instruction
when it is missing. Every request that is not a local file is aborted and
reported: the report must read offline.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from analysis import paths

WIDTH = 1280
_LAUNCH = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"]

# Elements that reach beyond the text column, outside any box that scrolls or clips.
_BEYOND_COLUMN = """() => {
  const body = document.body;
  const limit = body.getBoundingClientRect().right
                - parseFloat(getComputedStyle(body).paddingRight) + 1;
  const found = [];
  for (const el of body.querySelectorAll('*')) {
    let p = el.parentElement, inBox = false;
    while (p && p !== body) {
      if (getComputedStyle(p).overflowX !== 'visible') { inBox = true; break; }
      p = p.parentElement;
    }
    const r = el.getBoundingClientRect();
    if (!inBox && r.width > 0 && r.right > limit)
      found.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ends at ` +
                 `${Math.round(r.right)} px, column at ${Math.round(limit)} px`);
  }
  return found;
}"""


@pytest.fixture(scope="module")
def report_pages(report_index):
    """Build the report once; open every page at 1,280 px; return what each page showed."""
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        pytest.skip("Chromium not found: install Debian's chromium package "
                    "(apt-get install chromium) to run the browser tests of the report")
    from playwright.sync_api import sync_playwright

    site = report_index.parent
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    names = ["index.html", *manifest["pages"]]
    seen = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, headless=True, args=_LAUNCH)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        current = {"errors": [], "requests": []}
        page.on("console", lambda m: current["errors"].append(m.text)
                if m.type == "error" else None)
        page.on("pageerror", lambda e: current["errors"].append(str(e)))

        def offline(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                current["requests"].append(route.request.url)
                route.abort()

        page.route("**/*", offline)
        for name in names:
            current["errors"], current["requests"] = [], []
            page.goto((site / name).as_uri())
            page.wait_for_load_state("load")
            seen[name] = {
                "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
                "beyond_column": page.evaluate(_BEYOND_COLUMN),
                "images": page.eval_on_selector_all(
                    "img", "els => els.map(e => e.complete && e.naturalWidth > 0)"),
                "cell_images": page.eval_on_selector_all(
                    '[id^="cell-id="]', "els => Object.fromEntries(els.map("
                    "e => [e.id.slice(8), e.querySelectorAll('img').length]))"),
                "errors": list(current["errors"]),
                "requests": list(current["requests"]),
                "html": (site / name).read_text(encoding="utf-8"),
            }
        browser.close()
    return {"pages": seen, "manifest": manifest}


def _owners() -> dict[str, str]:
    """Figure name -> the notebook that saves it (two notebooks may share a number)."""
    from analysis.plots.index import figure_table

    table = figure_table(paths.root() / "figures")
    assert (table["notebook"] != "").all(), "a figure without its notebook"
    return dict(zip(table["name"], table["notebook"], strict=True))


@pytest.mark.browser
@pytest.mark.enable_socket
def test_every_page_fits_the_window_and_loads_cleanly(report_pages):
    pages = report_pages["pages"]
    assert {"index.html", "figures.html", "data.html"} <= set(pages)
    assert len([n for n in pages if n[:2].isdigit()]) == len(
        list(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb")))
    problems = []
    for name, seen in pages.items():
        if seen["scroll_width"] > WIDTH:
            problems.append(f"{name}: {seen['scroll_width']} px wide in a {WIDTH} px window")
        problems += [f"{name}: {b}" for b in seen["beyond_column"][:3]]
        problems += [f"{name}: console error {e}" for e in seen["errors"]]
        problems += [f"{name}: asked the network for {u}" for u in seen["requests"]]
        if not all(seen["images"]):
            problems.append(f"{name}: an image did not load")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.enable_socket
def test_figures_and_data_pages_have_contents_and_link_back(report_pages):
    pages = report_pages["pages"]
    figures = report_pages["manifest"]["figures"]
    fig_page = pages["figures.html"]["html"]
    owner = _owners()
    assert len(pages["figures.html"]["images"]) == len(figures)
    assert 'class="toc"' in fig_page and 'class="toc"' in pages["data.html"]["html"]
    for png in figures:
        name = png.removesuffix(".png")
        assert f'href="#{name}"' in fig_page and f'id="{name}"' in fig_page, name
        notebook_page = owner[name].removesuffix(".ipynb") + ".html"
        assert f'href="{notebook_page}#cell-id=' in fig_page.split(f'id="{name}"')[1][:600], name
        assert f'href="figures.html#{name}"' in pages[notebook_page]["html"], name
    data = pages["data.html"]["html"]
    assert data.index('id="columns"') < data.index('id="conflicts-between-sources"')


@pytest.mark.browser
@pytest.mark.enable_socket
def test_each_notebook_page_shows_every_figure_its_notebook_saves(report_pages):
    """At least one image per saved figure on its notebook page, in the cell that saves it.

    A page may show more images than its notebook saves (a figure drawn again, the
    explorer's chart), never fewer; the figures page's link names the cell.
    """
    import re

    pages = report_pages["pages"]
    saved = Counter(nb.removesuffix(".ipynb") + ".html" for nb in _owners().values())
    shown = {name: len(seen["images"]) for name, seen in pages.items() if name[:2].isdigit()}
    assert all(shown[n] >= saved.get(n, 0) for n in shown), (
        f"images per notebook page {shown}, figures saved per notebook {dict(saved)}")
    links = re.findall(r'<div class="figure" id="([^"]+)">.*?href="([^"#]+)#cell-id=([^"]+)"',
                       pages["figures.html"]["html"])
    assert len(links) == len(report_pages["manifest"]["figures"])
    per_cell = Counter((page, cell) for _, page, cell in links)
    missing = [f"{page} cell {cell}: {pages[page]['cell_images'].get(cell, 0)} images for "
               f"{n} saved figures" for (page, cell), n in per_cell.items()
               if pages[page]["cell_images"].get(cell, 0) < n]
    assert not missing, missing


def test_every_report_page_switches_language_and_the_indonesian_index_is_indonesian(
        report_index, english_words):
    """EN | ID atop every top page (to its twin, or to the Indonesian index), links that resolve."""
    import re

    from conftest import visible_words

    site = report_index.parent
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    for name in ["index.html", *manifest["pages"]]:
        page = (site / name).read_text(encoding="utf-8")
        span = re.search(r'<span class="lang">(.*?)</span>', page)
        assert span, f"{name}: no language switch"
        links = dict((code, href) for href, code in
                     re.findall(r'<a href="([^"]+)" hreflang="(en|id)"', span.group(1)))
        assert set(links) == {"en", "id"} and links["id"].endswith(".id.html"), name
        assert all((site / href).exists() for href in links.values()), (name, links)
    twin = (site / "index.id.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in twin and 'href="entities/index.id.html"' in twin
    assert "Ombudsman RI" in twin                      # README.id.md's introduction
    words = visible_words(twin) & english_words
    assert not words, sorted(words)
    assert 'href="figures.id.html"' in twin and 'href="00_mulai_di_sini.html"' in twin
    assert twin.index("00_mulai_di_sini.html") < twin.index("00_start_here.html")


def test_the_indonesian_figures_page_shows_every_indonesian_figure(report_index, english_words):
    import re

    from conftest import visible_words

    site = report_index.parent
    page = (site / "figures.id.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img src="figures/([^"]+)"', page)
    committed = sorted(p.name for p in (paths.root() / "figures").glob("*.id.png"))
    assert sorted(shown) == committed and committed
    assert all((site / "figures" / name).exists() for name in shown)
    assert '<html lang="id">' in page
    words = visible_words(page) & english_words
    assert not words, sorted(words)
    english = (site / "figures.html").read_text(encoding="utf-8")
    assert not re.findall(r'<img src="figures/[^"]+\.id\.png"', english)

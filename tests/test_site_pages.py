"""The entity pages (analysis.site): search index, coverage wording, determinism, a real browser.

The site is built for a handful of entities (the full site, 550-odd pages, is
built by ``make report``); the browser test needs Debian's chromium and aborts
every request that is not a local file.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from analysis import site as entity_site

ENTITIES = ["Kabupaten Banjarnegara", "Kementerian Luar Negeri", "Provinsi Jawa Tengah",
            "Kabupaten Banyumas", "Kabupaten Bogor", "Kota Bogor", "Provinsi Banten"]
_LAUNCH = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site for ENTITIES, built on two worker processes."""
    report = tmp_path_factory.mktemp("site") / "report"
    index = entity_site.build_site(report, entities=ENTITIES, processes=2)
    return index.parent


def _digests(folder: Path) -> dict[str, str]:
    return {str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(folder.rglob("*")) if f.is_file()}


def test_two_builds_give_identical_files(built, tmp_path):
    """Byte for byte, every file; one build in two workers, the other in this process."""
    again = entity_site.build_site(tmp_path / "report", entities=ENTITIES, processes=1).parent
    first, second = _digests(built), _digests(again)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files that differ between two builds: {differ}"
    assert len([n for n in first if n.endswith(".png")]) >= len(ENTITIES)


@pytest.mark.parametrize("query", ["kab. banjarnegara", "pemkab banjarnegara", "Banjarnegara",
                                   "KABUPATEN  BANJARNEGARA", "Kabupatén Banjarnegara",
                                   "pemerintah kabupaten banjarnegara", "banjar"])
def test_search_finds_an_entity_by_any_common_spelling(query):
    index = entity_site.search_index(ENTITIES)
    assert entity_site.search(index, query)[0] == "Kabupaten Banjarnegara"


@pytest.mark.parametrize(("query", "expected"), [
    ("kemlu", ["Kementerian Luar Negeri"]), ("Kemlu RI", ["Kementerian Luar Negeri"]),
    ("jateng", ["Provinsi Jawa Tengah"]), ("pemprov banten", ["Provinsi Banten"]),
    ("bogor", ["Kabupaten Bogor", "Kota Bogor"]), ("pemkot bogor", ["Kota Bogor"]),
    ("kab bogor", ["Kabupaten Bogor"]), ("surabaya", [])])
def test_search_lists_exactly_the_matching_entities(query, expected):
    index = entity_site.search_index(ENTITIES)
    assert entity_site.search(index, query) == expected


def test_every_generated_spelling_is_one_canonical_name_accepts():
    """The search forms come from the lookup's own tables: each maps back to its entity."""
    from analysis.regions import canonical_name, name_forms

    for entity in ENTITIES:
        forms = name_forms(entity)
        assert forms[0] == entity.lower()
        for form in forms:
            if form == "bogor":          # bare name of two entities: the lookup asks which
                continue
            assert canonical_name(form) == entity, form


def test_entity_page_says_coverage_and_shows_every_value(built):
    page = (built / "kabupaten-banjarnegara.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    assert "no published value found for 2015-2019, 2021-2022, 2025" in text
    assert ("No published score found for 2015, 2016, 2017, 2018, 2019, 2021, 2022 or 2025: "
            "those years have no value") in text
    assert "No published index value found for 2017, 2018, 2019, 2020, 2021, 2022, 2023 or " \
           "2025" in text
    # golden values: Banjarnegara PEKPPP 4.56 (ministry) against 2.97 (self)
    assert re.search(r"KemenPAN-RB evaluation\s*</td><td>4.56", page)
    assert re.search(r"self-assessment\s*</td><td>2.97", page)
    assert "<td>2021</td>" not in page          # a year without a value has no row
    assert "Data version" in page and "How to cite this page" in page
    assert 'href="kabupaten-banjarnegara.csv"' in page
    assert page.count("<img ") == 2             # Ombudsman and PEKPPP history charts
    csv = (built / "kabupaten-banjarnegara.csv").read_text(encoding="utf-8")
    assert "4.56" in csv and "2.97" in csv and "UPTD Puskesmas Banjarnegara 1" in csv


def test_province_page_lists_every_government_with_its_latest_values(built):
    page = (built / "province-jawa-tengah.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 1 + 36          # the province, 29 regencies, 6 cities
    assert '<a href="kabupaten-banjarnegara.html">' in page
    assert "95.23 (2024, hijau)" in page
    assert "Kota Semarang" in page and page.index("Provinsi Jawa Tengah") < page.index(
        "Kabupaten Banjarnegara")


def test_a_site_over_its_size_budget_is_refused(tmp_path, monkeypatch):
    from analysis import DataError

    monkeypatch.setattr(entity_site, "SIZE_BUDGET_MB", 0.01)
    with pytest.raises(DataError, match=r"over the budget of 0.01 MB"):
        entity_site.build_site(tmp_path, entities=ENTITIES[:2], processes=1)


@pytest.mark.browser
@pytest.mark.enable_socket
def test_search_open_page_chart_links_and_csv_in_a_browser(built):
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        pytest.skip("Chromium not found: install Debian's chromium package "
                    "(apt-get install chromium) to run the browser tests of the site")
    from playwright.sync_api import sync_playwright

    errors, requests = [], []

    def offline(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, headless=True, args=_LAUNCH)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", offline)
        page.goto((built / "index.html").as_uri())
        page.wait_for_load_state("load")
        for query in ["kab. banjarnegara", "bogor", "kemlu ri", "jateng"]:
            page.fill("#q", query)
            shown = page.eval_on_selector_all(
                "#rows tr:not([hidden]) td:first-child", "els => els.map(e => e.textContent)")
            index = entity_site.search_index(ENTITIES)
            assert shown == entity_site.search(index, query), query
        page.select_option("#type", "kota")
        page.fill("#q", "bogor")
        assert page.eval_on_selector_all("#rows tr:not([hidden]) td:first-child",
                                         "els => els.map(e => e.textContent)") == ["Kota Bogor"]
        page.select_option("#type", "")
        page.fill("#q", "banjarnegara")
        page.click("#rows tr:not([hidden]) a >> nth=0")
        page.wait_for_load_state("load")
        assert page.url.endswith("/kabupaten-banjarnegara.html")
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => e.complete && e.naturalWidth > 0)")
        assert images == [True, True]
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        local = [h for h in hrefs if h.startswith("file:")]
        assert any(h.endswith(".csv") for h in local)
        assert any(h.endswith("/province-jawa-tengah.html") for h in local)
        missing = [h for h in local
                   if not Path(unquote(h.removeprefix("file://").split("#")[0])).exists()
                   and not h.endswith("/report/index.html")]
        assert not missing, missing
        assert all(h.startswith(("file:", "https:", "http:")) for h in hrefs)
        browser.close()
    assert not errors, errors
    assert not requests, f"asked the network for {requests}"


# --- both languages -------------------------------------------------------------------------

def _switch(page: str) -> dict[str, str]:
    """The EN | ID switch of a page: {"en": href, "id": href}."""
    span = re.search(r'<span class="lang">(.*?)</span>', page)
    assert span, "no language switch"
    return dict((code, href) for href, code in
                re.findall(r'<a href="([^"]+)" hreflang="(en|id)"', span.group(1)))


def test_every_page_has_its_twin_and_both_switch_links_resolve(built):
    pages = sorted(built.glob("*.html"))
    english = [p for p in pages if not p.name.endswith(".id.html")]
    indonesian = [p for p in pages if p.name.endswith(".id.html")]
    assert len(english) == len(indonesian) >= len(ENTITIES) + 1      # + the index
    for en in english:
        twin = en.with_name(en.name.removesuffix(".html") + ".id.html")
        assert twin.exists(), f"{en.name} has no Indonesian twin"
        for page, lang in ((en, "en"), (twin, "id")):
            text = page.read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in text, page.name
            switch = _switch(text)
            assert switch == {"en": en.name, "id": twin.name}, page.name
            assert (built / switch["en"]).exists() and (built / switch["id"]).exists()
            here = re.search(r'<a href="([^"]+)"[^>]*aria-current="page"', text).group(1)
            assert here == page.name, page.name
    twin = (built / "kabupaten-banjarnegara.id.html").read_text(encoding="utf-8")
    assert 'href="province-jawa-tengah.id.html"' in twin     # links stay in Indonesian
    index = (built / "index.id.html").read_text(encoding="utf-8")
    assert 'href="kabupaten-banjarnegara.id.html"' in index
    assert 'href="kabupaten-banjarnegara.html"' not in index


def test_indonesian_pages_carry_no_english_label_word(built, english_words):
    from conftest import visible_words

    found = {}
    for page in sorted(built.glob("*.id.html")):
        words = visible_words(page.read_text(encoding="utf-8")) & english_words
        if words:
            found[page.name] = sorted(words)
    assert not found, found
    page = (built / "kabupaten-banjarnegara.id.html").read_text(encoding="utf-8")
    assert re.search(r"evaluasi KemenPAN-RB\s*</td><td>4,56", page)       # decimal comma
    assert re.search(r"penilaian mandiri\s*</td><td>2,97", page)
    assert "Tidak ditemukan nilai yang dipublikasikan untuk 2015, 2016, 2017, 2018, 2019, " \
           "2021, 2022 atau 2025" in page
    assert 'src="charts/kabupaten-banjarnegara-ombudsman.id.png"' in page   # chart in Indonesian

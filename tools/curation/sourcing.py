"""The sources table: one row per address a table or a conflict cites, ids stable across runs."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlparse

from analysis import DataError

from .evidence import source_type, url_date

SOURCE_FIELDS = ["source_id", "url", "publisher", "title", "published", "accessed", "decree",
                 "licence", "source_type", "notes"]


def source_id(url: str, published: str) -> str:
    """The id of a merged source: its host, its date (or 'nd') and a digest of its address."""
    host = urlparse(url).netloc.lower().removeprefix("www.").removeprefix("m.")
    host = re.sub(r"[^a-z0-9.\-]+", "-", host)
    digest = hashlib.sha1(url.encode()).hexdigest()[:6]
    return f"{host}-{published or 'nd'}-{digest}"


def valid_date(text: str) -> str:
    """``text`` if it is an ISO date (YYYY-MM-DD), else ''."""
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or "") else ""


def licence_for(url: str, licences: list[dict]) -> str:
    """The licence recorded in curation/licences.csv for the domain of ``url`` (its host is
    the domain or ends in '.' + domain; 'www.' and 'm.' do not count), else ''."""
    host = urlparse(url).netloc.lower().removeprefix("www.").removeprefix("m.")
    for rule in licences:
        domain = rule["domain"].lower()
        if host == domain or host.endswith("." + domain):
            return rule["licence"]
    return ""


def accessed_on(url: str, accessed: dict[str, str]) -> str:
    """The date the page at ``url`` was read (curation/accessed.csv), or a DataError."""
    if url not in accessed:
        raise DataError.at("curation/accessed.csv", None, "url", url,
                           "no access date for a cited address",
                           "commit the raw rows that cite it, then run "
                           "'python tools/record_accessed.py'")
    return accessed[url]


def describe_source(s: dict, types: list[dict], licences: list[dict] = ()) -> dict:
    """A sources.csv row with its source type, its published date read from its address
    where the curators recorded none, and its publisher's licence where it states none."""
    out = {f: s.get(f, "") for f in SOURCE_FIELDS}
    out["source_type"] = source_type(s["url"], types)
    if not out["published"]:
        out["published"] = url_date(s["url"])
    if not out["licence"]:
        out["licence"] = licence_for(s["url"], licences)
    return out


def curated_sources(existing: list[dict]) -> list[dict]:
    """The sources a curator named by hand (their id is not a merged id ending in a digest)."""
    return [s for s in existing if not re.search(r"-[0-9a-f]{6}$", s["source_id"])]


def build_sources(existing: list[dict], used: list[tuple[str, dict]], types: list[dict],
                  accessed: dict[str, str], licences: list[dict] = ()
                  ) -> tuple[list[dict], dict[str, str]]:
    """The rows of sources.csv and the id of every address.

    ``existing`` is sources.csv as it stands (its hand-named sources are kept, with their
    access dates); ``used`` the (address, raw row) pairs in the order the merge met them:
    the first row of an address gives a new source its publisher, title and date;
    ``accessed`` gives its access date (curation/accessed.csv) and ``licences`` the
    licence its publisher states (curation/licences.csv).
    """
    curated = curated_sources(existing)
    by_url = {s["url"]: s["source_id"] for s in curated}
    first: dict[str, dict] = {}
    for url, r in used:
        first.setdefault(url, r)
    new_sources = []
    for url, r in sorted(first.items()):
        if url in by_url:
            continue
        sid = source_id(url, valid_date(r["published"]))
        by_url[url] = sid
        new_sources.append({"source_id": sid, "url": url,
                            "publisher": r["publisher"] or urlparse(url).netloc,
                            "title": r["title"] or urlparse(url).path.strip("/").split("/")[-1]
                            or urlparse(url).netloc,
                            "published": valid_date(r["published"]), "accessed": accessed_on(url, accessed),
                            "decree": "", "licence": "", "notes": ""})
    return [describe_source(s, types, licences) for s in curated + new_sources], by_url

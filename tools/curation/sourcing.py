"""The sources table: one row per address a table or a conflict cites, ids stable across runs."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlparse

from .evidence import source_type, url_date

ACCESSED = "2026-11-24"
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


def describe_source(s: dict, types: list[dict]) -> dict:
    """A sources.csv row with its source type, and its published date read from its address
    where the curators recorded none."""
    out = {f: s.get(f, "") for f in SOURCE_FIELDS}
    out["source_type"] = source_type(s["url"], types)
    if not out["published"]:
        out["published"] = url_date(s["url"])
    return out


def curated_sources(existing: list[dict]) -> list[dict]:
    """The sources a curator named by hand (their id is not a merged id ending in a digest)."""
    return [s for s in existing if not re.search(r"-[0-9a-f]{6}$", s["source_id"])]


def build_sources(existing: list[dict], used: list[tuple[str, dict]],
                  types: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """The rows of sources.csv and the id of every address.

    ``existing`` is sources.csv as it stands (its hand-named sources are kept);
    ``used`` the (address, raw row) pairs in the order the merge met them: the first
    row of an address gives a new source its publisher, title and date.
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
                            "published": valid_date(r["published"]), "accessed": ACCESSED,
                            "decree": "", "licence": "", "notes": ""})
    return [describe_source(s, types) for s in curated + new_sources], by_url

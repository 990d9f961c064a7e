"""Merge the curators' raw finds (curation/raw/*.csv) into the cited tables in data/.

Maintainer tool, run by hand when raw finds change; the package never runs it.

Every raw row carries the address of the page it was read in and the verbatim
excerpt holding its numbers. A row enters data/ only when

* each number it records (score, index, counts) appears in its excerpt as
  printed (decimal comma or point, optional space after the comma);
* its entity name resolves with analysis.regions.canonical_name;
* its year is an assessment year of the instrument.

Several rows for one key (entity and year) are reduced to one, preferring a
row with a value, then the source closest to the issuing body (an Ombudsman
or KemenPAN-RB page, then a government page, then ANTARA, then other news),
then the row that records the most fields. Every other row whose value
differs is written to data/conflicts.csv with both addresses. Rows that fail
a check are listed in curation/rejected.csv with the reason.

Usage::

    python tools/merge_curation.py
"""

from __future__ import annotations

import csv
import glob
import hashlib
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import DataError  # noqa: E402
from analysis.regions import _index, canonical_name  # noqa: E402
from analysis.unit_types import with_unit_type  # noqa: E402

ACCESSED = "2026-11-24"
with open(ROOT / "data" / "name_aliases.csv", newline="", encoding="utf-8") as _f:
    ALIASES = [(r["alias"], r["canonical"]) for r in csv.DictReader(_f)]
with open(ROOT / "data" / "regions.csv", newline="", encoding="utf-8") as _f:
    PROVINCE_2019 = {r["region_code"]: r["province_2019"] for r in csv.DictReader(_f)
                     if r["type"] == "provinsi"}
TYPE_WORD = {"kabupaten": "Kabupaten", "kota": "Kota", "provinsi": "Provinsi"}
OMB_YEARS = {2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025}
TYPES = ("kementerian", "lembaga", "provinsi", "kota", "kabupaten")
_PREFIX = re.compile(r"^(Pemerintah Kabupaten|Pemerintah Kota|Pemerintah Provinsi|Pemkab|Pemkot|"
                     r"Pemko|Pemprov|Kabupaten|Kab\.?|Kota|Provinsi)\s+", re.I)


def read_raw(root: Path):
    rows = []
    for path in sorted(glob.glob(str(root / "curation" / "raw" / "*.csv"))):
        if path.endswith("_log.csv"):
            continue  # search logs: see write_search_log
        with open(path, newline="", encoding="utf-8") as f:
            for i, r in enumerate(csv.DictReader(f), start=2):
                r["_file"], r["_row"] = Path(path).name, i
                rows.append({k: (v or "").strip() if isinstance(v, str) else v
                             for k, v in r.items()})
    return rows


def number_forms(value: str) -> list[str]:
    """Ways a number may be printed: '95.25' -> 95,25 / 95.25 / 95, 25 ..."""
    v = float(value)
    forms = set()
    for decimals in (0, 1, 2, 3):
        text = f"{v:.{decimals}f}"
        if float(text) != v:
            continue
        if decimals == 0:
            forms.add(text)
            continue
        whole, frac = text.split(".")
        for sep in (",", ".", ", ", ". "):
            forms.add(f"{whole}{sep}{frac}")
    return sorted(forms)


def in_quote(value: str, quote: str) -> bool:
    if not value:
        return True
    try:
        forms = number_forms(value)
    except ValueError:
        return False
    for form in forms:
        for m in re.finditer(re.escape(form), quote):
            before = quote[m.start() - 1] if m.start() else " "
            after = quote[m.end()] if m.end() < len(quote) else " "
            if before.isdigit() or after.isdigit():
                continue
            if after in ",." and m.end() + 1 < len(quote) and quote[m.end() + 1].isdigit():
                continue
            return True
    return False


def resolve(name: str, etype: str) -> str:
    """Canonical name, using the curator's type when the printed name has no prefix."""
    errors = []
    attempts = [name]
    if etype in TYPE_WORD:
        bare = _PREFIX.sub("", name)
        attempts.insert(0, f"{TYPE_WORD[etype]} {bare}")
    for attempt in attempts:
        try:
            found = canonical_name(attempt)
        except DataError as err:
            errors.append(str(err))
            continue
        found_type = _index()["info"][found][0]
        if etype in TYPES and found_type != etype and attempt != name:
            continue
        return found
    raise DataError.plain(f"{name!r} ({etype}) did not resolve: " + " | ".join(errors))


def named_in(r) -> bool:
    """Whether the excerpt names the entity (by its name, an alias or the printed name)."""
    excerpt = r["quote"].lower()
    base = re.sub(r"^(Kabupaten|Kota|Provinsi) ", "", r["_entity"]).lower()
    names = {base, base.replace(" ", ""), base.replace("-", " "), r["entity_as_printed"].lower()}
    names |= {a.lower() for a, c in ALIASES if c == r["_entity"]}
    return any(n and n in excerpt for n in names)


def authority(url: str) -> int:
    host = urlparse(url).netloc.lower()
    if "ombudsman.go.id" in host or "menpan.go.id" in host:
        return 0
    if host.endswith(".go.id"):
        return 1
    if "antaranews" in host:
        return 2
    return 3


def source_id(url: str, published: str) -> str:
    host = urlparse(url).netloc.lower().removeprefix("www.").removeprefix("m.")
    host = re.sub(r"[^a-z0-9.\-]+", "-", host)
    digest = hashlib.sha1(url.encode()).hexdigest()[:6]
    return f"{host}-{published or 'nd'}-{digest}"


def valid_date(text: str) -> str:
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or "") else ""


def rank_fields(r, etype):
    """Map the curator's rank and scope to the table's rank columns."""
    out = {"rank": "", "rank_of": "", "rank_scope": "", "rank_in_province": "",
           "rank_in_province_of": ""}
    note = ""
    if not r["rank"]:
        return out, note
    if not re.fullmatch(r"\d+", r["rank"]) or (r["rank_of"] and not re.fullmatch(r"\d+", r["rank_of"])):
        return out, f"rank printed as {r['rank']!r} of {r['rank_of']!r}, not recorded"
    scope = r["rank_scope"].lower()
    if scope.startswith("national"):
        words = [t for t in TYPES if t in scope]
        kind = words[0] if len(words) == 1 else None
        if "kementerian/lembaga" in scope:
            kind = None
        out.update(rank=r["rank"], rank_of=r["rank_of"],
                   rank_scope=f"national-{kind}" if kind else "national-unspecified")
        if r["rank_scope"].lower() not in (f"national {kind}", "national") or not kind:
            note = f"rank scope as printed: {r['rank_scope']}"
        return out, note
    provinces = [p for p in {v[2] for v in _index()["info"].values()} if isinstance(p, str)]
    if any(scope.startswith(p.lower()) for p in provinces) and "perangkat" not in scope \
            and "polres" not in scope:
        out.update(rank_in_province=r["rank"], rank_in_province_of=r["rank_of"])
        return out, f"rank scope as printed: {r['rank_scope']}"
    return out, f"rank {r['rank']} ({r['rank_scope']}) not recorded: scope is not national or a province"


def _province_2019(name: str) -> str:
    """The 2019-frame province of a printed province name, or 'national'."""
    text = (name or "").strip()
    if not text or text.lower() in {"national", "nasional", "all", "indonesia"}:
        return "national"
    try:
        canon = canonical_name(f"Provinsi {text}") if not text.lower().startswith(
            ("provinsi", "prov", "pemprov")) else canonical_name(text)
    except DataError:
        try:
            canon = canonical_name(text)
        except DataError:
            return ""
    info = _index()["info"].get(canon)
    if not info or not isinstance(info[1], str):
        return ""
    code = info[1][:2]
    return PROVINCE_2019.get(code, "")


def write_search_log(root: Path) -> None:
    """Compile the curators' search logs (curation/raw/*_log.csv) into data/search_log.csv."""
    rows = []
    for path in sorted(glob.glob(str(root / "curation" / "raw" / "*_log.csv"))):
        group = Path(path).name.removesuffix("_log.csv")
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                year = (r.get("year") or "").strip()
                rows.append({
                    "pass": 2 if group.startswith("pass2_") else 1,
                    "group": group.removeprefix("pass2_"),
                    "province": _province_2019(r.get("province", "")) or "unresolved",
                    "province_as_logged": (r.get("province") or "").strip(),
                    "year": year if re.fullmatch(r"\d{4}", year) else "",
                    "instrument": (r.get("instrument") or "").strip().lower() or "ombudsman",
                    "query": (r.get("query") or "").strip(),
                    "rows_recorded": (r.get("rows_recorded") or "0").strip() or "0",
                })
    with open(root / "data" / "search_log.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["pass", "group", "province", "province_as_logged",
                                          "year", "instrument", "query", "rows_recorded"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"search_log         {len(rows):5d} rows")


def main(root: Path = ROOT) -> int:
    """Merge curation/raw under ``root`` into root/data (and root/curation/rejected.csv)."""
    raw = read_raw(root)
    rejected, candidates = [], {"ombudsman": [], "ombudsman_units": [], "ombudsman_summary": [],
                                "pekppp": [], "pekppp_units": []}

    def reject(r, why):
        rejected.append({"file": r["_file"], "row": r["_row"], "kind": r["kind"],
                         "entity": r["entity_as_printed"], "year": r["year"],
                         "url": r["url"], "reason": why})

    for r in raw:
        kind = r["kind"]
        if kind not in candidates:
            reject(r, f"unknown kind {kind!r}")
            continue
        if not r["url"].startswith("http"):
            reject(r, "no address")
            continue
        if not re.fullmatch(r"\d{4}", r["year"]):
            reject(r, f"year {r['year']!r} is not a year")
            continue
        year = int(r["year"])
        if kind.startswith("ombudsman") and year not in OMB_YEARS:
            reject(r, f"{year} is not an assessment year")
            continue
        if re.match(r"\s*(COLLECTIVE|INFERRED)", r["notes"]):
            reject(r, "inferred from a statement about a group of governments, not printed "
                      "for this entity")
            continue
        if "AMBIGUOUS" in r["notes"]:
            reject(r, "the curator marked the entity or value as ambiguous")
            continue
        numbers = ["score", "ipp", "n_assessed", "n_hijau", "n_kuning", "n_merah"]
        missing = [c for c in numbers if r[c] and not in_quote(r[c], r["quote"])]
        if missing:
            reject(r, f"{', '.join(f'{c}={r[c]}' for c in missing)} not found in the excerpt")
            continue
        if kind == "ombudsman_summary":
            candidates[kind].append(r)
            continue
        try:
            r["_entity"] = resolve(r["entity_as_printed"], r["entity_type"])
        except DataError as err:
            reject(r, str(err))
            continue
        info = _index()["info"][r["_entity"]]
        r["_type"], r["_code"], r["_province"] = info
        if kind in ("ombudsman_units", "pekppp_units") and not r["unit"]:
            reject(r, "unit row without a unit name")
            continue
        candidates[kind].append(r)

    tables, conflicts, used_urls = {}, [], {}

    def combine_same_source(rows, fields, table, key):
        """Rows of one key from one page become one row (fields filled from each other)."""
        by_url = {}
        for r in rows:
            by_url.setdefault(r["url"], []).append(r)
        out = []
        for group in by_url.values():
            merged = dict(group[0])
            excerpts = [group[0]["quote"]]
            for other in group[1:]:
                for f in fields:
                    if not merged[f]:
                        merged[f] = other[f]
                if other["quote"] not in excerpts:
                    excerpts.append(other["quote"])
                notes = [n for n in (merged["notes"], other["notes"]) if n]
                merged["notes"] = "; ".join(dict.fromkeys(notes))
                if "_rank_note" in fields and other["_rank_note"] and \
                        other["_rank_note"] not in merged["_rank_note"]:
                    merged["_rank_note"] = "; ".join(
                        n for n in (merged["_rank_note"], other["_rank_note"]) if n)
            merged["quote"] = " ... ".join(excerpts)
            out.append(merged)
            for other in group[1:]:
                for f in fields:
                    if f.startswith("_") or f.startswith("rank"):
                        continue
                    a, b = merged[f], other[f]
                    if a and b and a.lower() != b.lower():
                        try:
                            same = abs(float(a) - float(b)) <= 0.005
                        except ValueError:
                            same = False
                        if not same:
                            conflicts.append({"table": table, "key": key,
                                              "field": f, "kept": a, "kept_url": merged["url"],
                                              "other": b, "other_url": other["url"],
                                              "note": "the same page prints both values"})
        return out

    def pick(rows, value_col):
        def key(r):
            filled = sum(bool(r[c]) for c in ("score", "ipp", "zone", "opinion", "category",
                                               "rank", "predicate"))
            return (0 if r[value_col] else 1, authority(r["url"]), -filled, r["url"])
        return sorted(rows, key=key)

    def record_conflicts(table, key, chosen, others, fields):
        for o in others:
            for field in fields:
                a, b = chosen[field], o[field]
                if not a or not b:
                    continue
                differs = (abs(float(a) - float(b)) > 0.005) if field in ("score", "ipp") \
                    else a.lower() != b.lower()
                if differs:
                    conflicts.append({"table": table, "key": key, "field": field,
                                      "kept": a, "kept_url": chosen["url"],
                                      "other": b, "other_url": o["url"],
                                      "note": o["notes"][:300]})
                    used_urls.setdefault(o["url"], o)

    # ---- ombudsman: one row per entity and year
    groups = {}
    for r in candidates["ombudsman"]:
        if not any(r[c] for c in ("score", "zone", "opinion", "category", "rank")):
            reject(r, "nothing recorded (no score, zone, opinion, grade or rank)")
            continue
        if not r["score"] and not r["rank"] and not named_in(r):
            reject(r, "no score and the excerpt does not name the entity: a statement about a "
                      "group ('all governments of the province'), not a printed value")
            continue
        ranks, rank_note = rank_fields(r, r["_type"])
        r.update(ranks)
        r["_rank_note"] = rank_note
        groups.setdefault((r["_entity"], int(r["year"])), []).append(r)
    out = []
    rank_cols = ["rank", "rank_of", "rank_scope", "rank_in_province", "rank_in_province_of"]
    for (entity, year), rows in sorted(groups.items()):
        rows = combine_same_source(rows, ["score", "zone", "opinion", "category", *rank_cols,
                                          "_rank_note"], "ombudsman", f"{entity} {year}")
        ordered = pick(rows, "score")
        c = ordered[0]
        record_conflicts("ombudsman", f"{entity} {year}", c, ordered[1:], ["score", "zone"])
        ranks = {k: c[k] for k in rank_cols}
        rank_note = c["_rank_note"]
        grade, opinion, notes = "", c["opinion"], [c["notes"]] if c["notes"] else []
        cat = c["category"]
        if cat in ("A", "B", "C", "D", "E"):
            grade = cat
        elif cat:
            notes.append(f"category printed: {cat!r}")
        if rank_note:
            notes.append(rank_note)
        if c["entity_as_printed"] != entity:
            notes.append(f"printed as {c['entity_as_printed']!r}")
        zone = c["zone"].lower()
        if zone not in ("", "hijau", "kuning", "merah"):
            notes.append(f"zone printed: {c['zone']!r}")
            zone = ""
        out.append({"entity": entity, "entity_type": c["_type"],
                    "region_code": c["_code"] if isinstance(c["_code"], str) else "",
                    "province": c["_province"] if isinstance(c["_province"], str) else "",
                    "year": year, "score": c["score"], "zone": zone, "opinion": opinion,
                    "grade": grade, **ranks, "source_id": c["url"], "excerpt": c["quote"],
                    "notes": "; ".join(n for n in notes if n)})
        used_urls.setdefault(c["url"], c)
    tables["ombudsman"] = out

    # ---- pekppp: one row per entity, year and assessor
    groups = {}
    for r in candidates["pekppp"]:
        if r["assessor"] not in ("ministry", "self"):
            reject(r, f"assessor {r['assessor']!r} is not ministry or self")
            continue
        if not (r["ipp"] or r["rank"]):
            reject(r, "nothing recorded (no index or rank)")
            continue
        groups.setdefault((r["_entity"], int(r["year"]), r["assessor"]), []).append(r)
    out = []
    for (entity, year, assessor), rows in sorted(groups.items()):
        rows = combine_same_source(rows, ["ipp", "category", "predicate", "rank", "rank_of",
                                          "rank_scope"], "pekppp", f"{entity} {year} {assessor}")
        ordered = pick(rows, "ipp")
        c = ordered[0]
        record_conflicts("pekppp", f"{entity} {year} {assessor}", c, ordered[1:], ["ipp"])
        notes = [c["notes"]] if c["notes"] else []
        cat = c["category"] if c["category"] in ("A", "A-", "B", "B-", "C", "C-", "D", "E", "F") else ""
        if c["category"] and not cat:
            notes.append(f"category printed: {c['category']!r}")
        if c["entity_as_printed"] != entity:
            notes.append(f"printed as {c['entity_as_printed']!r}")
        out.append({"entity": entity, "entity_type": c["_type"],
                    "region_code": c["_code"] if isinstance(c["_code"], str) else "",
                    "province": c["_province"] if isinstance(c["_province"], str) else "",
                    "year": year, "assessor": assessor, "ipp": c["ipp"], "category": cat,
                    "predicate": c["predicate"], "rank": c["rank"] if c["rank"].isdigit() else "",
                    "rank_of": c["rank_of"] if c["rank_of"].isdigit() else "",
                    "rank_scope": c["rank_scope"] if c["rank"].isdigit() else "",
                    "source_id": c["url"], "excerpt": c["quote"],
                    "notes": "; ".join(n for n in notes if n)})
        used_urls.setdefault(c["url"], c)
    tables["pekppp"] = out

    # ---- units: per entity and year, the units of the best source
    for kind, value in (("ombudsman_units", "score"), ("pekppp_units", "ipp")):
        by_source = {}
        for r in candidates[kind]:
            if not r[value]:
                reject(r, f"unit row without a {value}")
                continue
            extra = (r["assessor"],) if kind == "pekppp_units" else ()
            by_source.setdefault((r["_entity"], int(r["year"]), *extra), {}).setdefault(
                r["url"], []).append(r)
        out = []
        for key, sources in sorted(by_source.items()):
            best_url = sorted(sources, key=lambda u: (-len(sources[u]), authority(u), u))[0]
            seen = set()
            for r in sources[best_url]:
                unit = re.sub(r"\s+", " ", r["unit"])
                if unit.lower() in seen:
                    reject(r, "the same unit twice in one source")
                    continue
                seen.add(unit.lower())
                row = {"entity": key[0], "unit": unit, "year": key[1]}
                if kind == "pekppp_units":
                    row["assessor"] = key[2]
                    row.update(ipp=r["ipp"], category=r["category"] if r["category"] in
                               ("A", "A-", "B", "B-", "C", "C-", "D", "E", "F") else "",
                               predicate=r["predicate"])
                else:
                    z = r["zone"].lower()
                    row.update(score=r["score"], zone=z if z in ("hijau", "kuning", "merah") else "",
                               opinion=r["opinion"])
                row.update(source_id=r["url"], excerpt=r["quote"], notes=r["notes"])
                out.append(row)
                used_urls.setdefault(r["url"], r)
            for url, rows in sources.items():
                if url != best_url:
                    for r in rows:
                        reject(r, f"units of this entity and year taken from another source ({best_url})")
        tables[kind] = out

    # ---- summary: one row per year, entity type and scope (the most complete source)
    groups = {}
    for r in candidates["ombudsman_summary"]:
        etype = r["entity_type"].lower()
        etype = {"kabupaten/kota": "kabupaten+kota"}.get(etype, etype)
        if etype not in (*TYPES, "all", "kabupaten+kota"):
            reject(r, f"summary type {r['entity_type']!r} not recorded")
            continue
        if not any(r[c] for c in ("n_assessed", "n_hijau", "n_kuning", "n_merah")):
            reject(r, "no count")
            continue
        opinion = r["opinion"].lower().replace("kualitas ", "").strip()
        for col in ("n_a", "n_b", "n_c", "n_d", "n_e"):
            r[col] = ""
        if opinion:
            letter = {"tertinggi": "a", "tinggi": "b", "sedang": "c", "rendah": "d",
                      "terendah": "e"}.get(opinion)
            counts = [r[c] for c in ("n_hijau", "n_kuning", "n_merah") if r[c]]
            if not letter or len(counts) != 1:
                reject(r, f"count by opinion {r['opinion']!r} not recorded")
                continue
            r[f"n_{letter}"] = counts[0]
            r["n_hijau"] = r["n_kuning"] = r["n_merah"] = ""
        scope = r["province"] or "national"
        if scope != "national":
            try:
                scope = canonical_name(f"Provinsi {scope}").removeprefix("Provinsi ")
            except DataError as err:
                reject(r, str(err))
                continue
        groups.setdefault((int(r["year"]), etype, scope), []).append(r)
    out = []
    for (year, etype, scope), rows in sorted(groups.items()):
        def completeness(r):
            zones = [r[c] for c in ("n_hijau", "n_kuning", "n_merah")]
            adds_up = not (all(zones) and r["n_assessed"]) or \
                sum(int(z) for z in zones) == int(r["n_assessed"])
            return (not adds_up, -sum(bool(r[c]) for c in ("n_assessed", "n_hijau", "n_kuning", "n_merah",
                                               "n_a", "n_b", "n_c", "n_d", "n_e")),
                    authority(r["url"]), r["url"])
        rows = combine_same_source(rows, ["n_assessed", "n_hijau", "n_kuning", "n_merah",
                                          "n_a", "n_b", "n_c", "n_d", "n_e"],
                                   "ombudsman_summary", f"{year} {etype} {scope}")
        ordered = sorted(rows, key=completeness)
        c = ordered[0]
        record_conflicts("ombudsman_summary", f"{year} {etype} {scope}", c, ordered[1:],
                         ["n_assessed", "n_hijau", "n_kuning", "n_merah",
                          "n_a", "n_b", "n_c", "n_d", "n_e"])
        out.append({"year": year, "entity_type": etype, "scope": scope,
                    "n_assessed": c["n_assessed"], "n_hijau": c["n_hijau"],
                    "n_kuning": c["n_kuning"], "n_merah": c["n_merah"],
                    **{f"n_{x}": c[f"n_{x}"] for x in "abcde"},
                    "source_id": c["url"], "excerpt": c["quote"], "notes": c["notes"]})
        used_urls.setdefault(c["url"], c)
    tables["ombudsman_summary"] = out

    # ---- sources: one per address, ids stable across runs
    with open(root / "data" / "sources.csv", newline="", encoding="utf-8") as f:
        existing = list(csv.DictReader(f))
    fields = list(existing[0])
    curated_ids = {s["source_id"] for s in existing
                   if not re.search(r"-[0-9a-f]{6}$", s["source_id"])}
    curated = [s for s in existing if s["source_id"] in curated_ids]
    by_url = {s["url"]: s["source_id"] for s in curated}
    new_sources = []
    for url, r in sorted(used_urls.items()):
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
    sources = curated + new_sources
    with open(root / "data" / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(sources)

    # ---- write tables (hand-curated seed rows win over merged rows for the same key)
    keys = {"ombudsman": ("entity", "year"), "pekppp": ("entity", "year", "assessor"),
            "ombudsman_units": ("entity", "unit", "year"),
            "pekppp_units": ("entity", "unit", "year", "assessor"),
            "ombudsman_summary": ("year", "entity_type", "scope")}
    for name, rows in tables.items():
        for row in rows:
            row["source_id"] = by_url[row["source_id"]]
        path = root / "data" / f"{name}.csv"
        seeds = []
        if path.exists():
            with open(path, newline="", encoding="utf-8") as f:
                seeds = [s for s in csv.DictReader(f) if s["source_id"] in curated_ids]
        seed_keys = {tuple(str(s[k]) for k in keys[name]) for s in seeds}
        merged = seeds + [r for r in rows if tuple(str(r[k]) for k in keys[name]) not in seed_keys]
        for r in rows:
            k = tuple(str(r[k]) for k in keys[name])
            if k in seed_keys and name in ("ombudsman", "pekppp"):
                seed = next(s for s in seeds if tuple(str(s[x]) for x in keys[name]) == k)
                value = "score" if name == "ombudsman" else "ipp"
                if seed[value] and r[value] and abs(float(seed[value]) - float(r[value])) > 0.005:
                    conflicts.append({"table": name, "key": " ".join(k), "field": value,
                                      "kept": seed[value], "kept_url": "",
                                      "other": r[value], "other_url": "", "note": "seed row kept"})
        merged.sort(key=lambda r: tuple(str(r[k]) for k in keys[name]))
        header = list(rows[0]) if rows else list(seeds[0])
        header, merged = with_unit_type(header, merged)  # unit tables: unit_type from the code table
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows({h: r.get(h, "") for h in header} for r in merged)
        print(f"{name:<18} {len(merged):5d} rows")

    url_to_id = by_url
    with open(root / "data" / "conflicts.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["table", "key", "field", "kept", "kept_source_id",
                                          "other", "other_source_id", "note"],
                           lineterminator="\n")
        w.writeheader()
        seen = set()
        for c in sorted(conflicts, key=lambda c: (c["table"], c["key"], c["field"], c["other"])):
            ident = (c["table"], c["key"], c["field"], c["other"], c["other_url"])
            if ident in seen:
                continue
            seen.add(ident)
            w.writerow({"table": c["table"], "key": c["key"], "field": c["field"],
                        "kept": c["kept"], "kept_source_id": url_to_id.get(c["kept_url"], ""),
                        "other": c["other"], "other_source_id": url_to_id.get(c["other_url"], ""),
                        "note": c["note"]})
    write_search_log(root)
    with open(root / "curation" / "rejected.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["file", "row", "kind", "entity", "year", "url", "reason"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rejected)
    print(f"sources            {len(sources):5d} rows")
    print(f"conflicts          {len(seen):5d} rows")
    print(f"rejected raw rows  {len(rejected):5d} (curation/rejected.csv)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))

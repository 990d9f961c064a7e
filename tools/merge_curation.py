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
from analysis.scales import method_era, ombudsman_band, opinion_code  # noqa: E402
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
# the prefixes of a printed name, misprints included ("Pemerintahan", "Propinsi", "Pemrov",
# "Kabupatem", "Pemerintah Provisi", Sundanese "Pamaréntah"): the curator's type replaces them
_PREFIX = re.compile(r"^(Pemerintah(?:an)? (?:Kabupaten|Kota|Provinsi|Provisi|Prov\.)|Pemkab|Pemkot|"
                     r"Pemko|Pemprov|Pemrov|Pemdakab|Pamaréntah Kota|Kabup[ae]t[ae][nm]|"
                     r"Kab\.?|Kota|Provinsi|Propinsi)\s+", re.I)


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


# ==== Evidence: source types, curators' flags and the rules that choose a value ============
# Pure functions (a row or a group in, a decision out); main() only calls them. The rules are
# described for readers in data/datapackage.json (read into data/README.md by datadoc).

TYPE_RANK = {"issuer": 0, "government": 1, "wire": 2, "news": 3, "document-share": 4,
             "blog": 5, "rewrite": 6}
SOURCE_TYPES = tuple(TYPE_RANK)
# A row whose own value the curator's note calls a typo, implausible, doubtful or a low-quality
# copy. (Notes that call *another* source's value a typo, "typo there", do not match.)
_DOUBT = re.compile(r"typo here|may be a typo|likely a typo, e\.g\.|possibly a typo for|"
                    r"dropped digit here|implausible|DOUBTFUL|low-quality|internal disagreement|"
                    r"INCONSISTENT as printed|doubt flagged|doubt kept")
_YEAR_UNCERTAIN = re.compile(r"year(?! of those two)[^.;]{0,40}uncertain|(?-i:\bUNCERTAIN\b)",
                             re.I)
_HEARSAY = re.compile(r"hearsay|hedged by the source|reportedly|\bkabarnya\b", re.I)
_SECOND_LEVEL = {"co.id", "go.id", "or.id", "ac.id", "web.id", "my.id", "biz.id", "sch.id",
                 "net.id", "co.uk"}


def read_review(root: Path) -> dict[tuple, str]:
    """curation/review.csv: raw rows a reviewer refused after reading them, with the reason
    (a province-wide average printed as a province's value, a count of part of a group)."""
    path = root / "curation" / "review.csv"
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["file"], r["url"], r["entity_as_printed"], r["year"], r["kind"]): r["reason"]
                for r in csv.DictReader(f) if r["action"] == "reject"}


def reviewed(r: dict, review: dict[tuple, str]) -> str:
    """The reviewer's reason for refusing raw row ``r``, or ''."""
    return review.get((r["_file"], r["url"], r["entity_as_printed"], r["year"], r["kind"]), "")

def read_source_types(root: Path) -> list[dict]:
    """The code table data/source_types.csv: (match, pattern, source_type), tried in order."""
    with open(root / "data" / "source_types.csv", newline="", encoding="utf-8") as f:
        rules = list(csv.DictReader(f))
    for i, rule in enumerate(rules, start=2):
        if rule["source_type"] not in TYPE_RANK or rule["match"] not in ("host", "url"):
            raise DataError.plain(f"data/source_types.csv row {i}: {rule}",
                                  f"match is host or url; source_type one of {SOURCE_TYPES}")
    return rules


def _host(url: str) -> str:
    host = urlparse(url).netloc.lower().rstrip(".")
    return re.sub(r"^(www\d?|m|amp|mail|admin)\.", "", host)


def source_type(url: str, rules: list[dict]) -> str:
    """Type of the source at ``url``: the first rule that matches; ``news`` if none does.

    A ``host`` rule matches the host and its subdomains ("go.id" matches
    "kendalkab.go.id"); a ``url`` rule matches the address without scheme and
    ``www.`` from its start ("voi.id/en/").
    """
    host = _host(url)
    address = host + urlparse(url).path
    for rule in rules:
        p = rule["pattern"].lower()
        if rule["match"] == "host" and (host == p or host.endswith("." + p)):
            return rule["source_type"]
        if rule["match"] == "url" and address.startswith(p):
            return rule["source_type"]
    return "news"


def publisher(url: str) -> str:
    """The publishing domain of ``url``: pages of one outlet, or of its regional editions
    (kupang.antaranews.com, antaranews.com), count as one source, never as two."""
    host = _host(url)
    if re.fullmatch(r"[\d.]+", host):
        return host
    parts = host.split(".")
    n = 3 if ".".join(parts[-2:]) in _SECOND_LEVEL else 2
    return ".".join(parts[-n:])


def url_date(url: str) -> str:
    """The date printed in a page's address (/2023/01/15/, /read/20181214/), or ''."""
    path = urlparse(url).path
    for pattern in (r"/(20\d\d)/(\d\d)/(\d\d)(?:/|$|\D)", r"/(20\d\d)(\d\d)(\d\d)(?:/|$)",
                    r"/(20\d\d)-(\d\d)-(\d\d)(?:/|$|\D)"):
        m = re.search(pattern, path)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                import datetime
                return datetime.date(y, mo, d).isoformat()
            except ValueError:
                return ""
    return ""


def doubted(notes: str) -> bool:
    """Whether the curator's note calls this row's own value doubtful (a probable typo,
    implausible, internally inconsistent, or read in a low-quality copy)."""
    return bool(_DOUBT.search(notes or ""))


def year_uncertain(notes: str) -> bool:
    """Whether the curator's note marks the assessment year of this row as uncertain."""
    return bool(_YEAR_UNCERTAIN.search(notes or ""))


def hearsay(notes: str) -> bool:
    """Whether the curator's note says the source only reports the value second-hand."""
    return bool(_HEARSAY.search(notes or ""))


def same_value(a: str, b: str) -> bool:
    """Two printed values agree: numbers within 0.005, labels case-insensitively."""
    try:
        return abs(float(a) - float(b)) <= 0.005
    except ValueError:
        return a.strip().lower() == b.strip().lower()


def value_groups(rows: list[dict], field: str) -> list[list[dict]]:
    """Rows printing a value in ``field``, grouped by the value (in the rows' order)."""
    groups: list[list[dict]] = []
    for r in rows:
        if not r[field]:
            continue
        for g in groups:
            if same_value(g[0][field], r[field]):
                g.append(r)
                break
        else:
            groups.append([r])
    return groups


def independent_sources(rows: list[dict]) -> int:
    """Independent documents among ``rows`` (each with ``_stype`` and ``url``): distinct
    publishers; a machine rewrite counts only when nothing else prints the value."""
    originals = {publisher(r["url"]) for r in rows if r["_stype"] != "rewrite"}
    return len(originals) or len({publisher(r["url"]) for r in rows})


def _field_label(field: str):
    """A function naming a group's value and its publishers, for the reason sentences."""
    def label(group: list[dict]) -> str:
        return f"{group[0][field]} ({', '.join(sorted({publisher(r['url']) for r in group}))})"
    return label


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _rounds_to(fine: str, coarse: str) -> bool:
    from decimal import ROUND_HALF_UP, Decimal
    places = Decimal(1).scaleb(-_decimals(coarse))
    return Decimal(fine).quantize(places, rounding=ROUND_HALF_UP) == Decimal(coarse)


def rule_rounding(groups, label, field):
    """A number printed with fewer decimals that is another printed number rounded
    ("85,4" and "85,43") is the same value: the groups merge, the precise one leads.
    Only when exactly one more precise value rounds to it."""
    def number(g):
        v = g[0][field]
        try:
            float(v)
            return v
        except ValueError:
            return None
    values = [number(g) for g in groups]
    if any(v is None for v in values):
        return groups, ""
    out = [list(g) for g in groups]
    absorbed, said = [], []
    for i, v in enumerate(values):
        finer = [j for j, w in enumerate(values) if j != i and _decimals(w) > _decimals(v)
                 and _rounds_to(w, v)]
        if len(finer) == 1:
            out[finer[0]].extend(groups[i])
            absorbed.append(i)
            said.append(f"{label(groups[i])} is {label(groups[finer[0]])} rounded")
    merged = [g for i, g in enumerate(out) if i not in absorbed]
    if not absorbed:
        return groups, ""
    return merged, "The sources agree: " + "; ".join(said) + ", so the precise value is kept."



def rule_flagged(groups, label):
    """Set aside values that only rows doubted by the curators print."""
    clean = [g for g in groups if not all(r["_doubt"] for r in g)]
    if clean and len(clean) < len(groups):
        dropped = [g for g in groups if g not in clean]
        return clean, ("the curators' notes call "
                       + " and ".join(label(g) for g in dropped)
                       + " a probable typo, implausible or a low-quality copy")
    return groups, ""


def rule_issuer(groups, label):
    """(a) the value printed by the issuer's own publication (Ombudsman, KemenPAN-RB)."""
    issued = [g for g in groups if any(r["_stype"] == "issuer" for r in g)]
    if len(issued) == 1:
        return issued[0], f"the issuer's own publication prints {label(issued[0])}"
    return None, ""


def rule_more_sources(groups, label):
    """(b) the value printed by more independent sources."""
    counts = [independent_sources(g) for g in groups]
    best = max(counts)
    if counts.count(best) == 1:
        g = groups[counts.index(best)]
        others = sorted(c for c, h in zip(counts, groups, strict=True) if h is not g)
        return g, (f"{best} independent sources print {label(g)}, against "
                   + " and ".join(str(c) for c in others) + " for the other value")
    return None, ""


def rule_consistency(groups, label):
    """(c) consistency inside a source: unit scores that average to the value (confirmed),
    a printed label that contradicts the printed value (inconsistent)."""
    confirmed = [g for g in groups if any(r.get("_consistent") is True for r in g)]
    if len(confirmed) == 1:
        why = next(r["_why"] for r in confirmed[0] if r.get("_consistent") is True)
        return confirmed[0], f"{label(confirmed[0])} is consistent inside its source: {why}"
    sound = [g for g in groups if not all(r.get("_consistent") is False for r in g)]
    if len(sound) == 1 and len(groups) > 1:
        bad = [g for g in groups if g is not sound[0]]
        why = "; ".join(next(r["_why"] for r in g if r.get("_why")) for g in bad)
        return sound[0], (" and ".join(label(g) for g in bad)
                          + f" is inconsistent inside its source ({why})")
    return None, ""


def rule_source_type(groups, label):
    """(d) the value of the better source type (issuer > government > wire > news >
    document-share > blog > rewrite)."""
    ranks = [min(TYPE_RANK[r["_stype"]] for r in g) for g in groups]
    best = min(ranks)
    if ranks.count(best) == 1:
        g = groups[ranks.index(best)]
        worse = {min((r["_stype"] for r in h), key=TYPE_RANK.get) for h in groups if h is not g}
        return g, (f"{label(g)} is printed by a {SOURCE_TYPES[best]} source, the other "
                   f"value only by {' and '.join(sorted(worse))}")
    return None, ""


RULES = (("issuer", rule_issuer), ("more-sources", rule_more_sources),
         ("consistency", rule_consistency), ("source-type", rule_source_type))


def decide_groups(groups: list[list[dict]], label,
                  field: str | None = None) -> tuple[list[dict] | None, str, str]:
    """Choose one of several groups of rows, each group printing one value, by evidence.

    Each row carries ``url``, ``_stype`` (source type), ``_doubt`` (the curators'
    doubt) and optionally ``_consistent`` (True, False or None) with ``_why``;
    ``label(group)`` names a group's value for the reason. Returns the winning group
    (None when still tied), the rule that decided (rounding, flagged, issuer,
    more-sources, consistency, source-type, tied; "" for a single group) and one
    sentence saying why. With ``field``, numbers that are another printed number
    rounded join its group first (:func:`rule_rounding`).
    """
    if len(groups) <= 1:
        return (groups[0] if groups else None), "", ""
    if field is not None:
        groups, round_reason = rule_rounding(groups, label, field)
        if len(groups) == 1:
            return groups[0], "rounding", round_reason
    groups, flag_reason = rule_flagged(groups, label)
    if len(groups) == 1:
        return groups[0], "flagged", flag_reason[0].upper() + flag_reason[1:] + "."
    for name, rule in RULES:
        winner, reason = rule(groups, label)
        if winner is not None:
            return winner, name, reason[0].upper() + reason[1:] + "."
    return None, "tied", ("No rule separates " + " and ".join(label(g) for g in groups)
                          + ": neither is kept as the value, both are listed.")


def decide(rows: list[dict], field: str) -> tuple[list[dict] | None, str, str]:
    """:func:`decide_groups` over the values of ``field`` printed by ``rows``."""
    return decide_groups(value_groups(rows, field), _field_label(field), field)


def citation(rows: list[dict]) -> dict:
    """Among rows printing the same kept value, the one the table cites: the best source
    type, then the row recording the most fields, then the address (only so the choice
    repeats; the value is the same in all of them)."""
    def key(r):
        filled = sum(bool(r.get(c)) for c in ("score", "ipp", "zone", "opinion", "category",
                                               "rank", "predicate"))
        return (TYPE_RANK[r["_stype"]], -filled, r["url"])
    return sorted(rows, key=key)[0]


def confidence(sources: dict[str, str], uncertain_year: bool, doubt: bool,
               second_hand: bool) -> str:
    """How far a row can be trusted, by one rule.

    ``sources`` maps each publisher printing the row's value to its source type.
    high: an issuer's publication prints the value, or two or more independent
    publishers that are neither blogs nor rewrites do; low: only blogs or rewrites
    print it, or the curator doubts the value or its year, or calls it second-hand;
    medium: the rest (one news, wire, government or document-share source).
    """
    solid = [t for t in sources.values() if t not in ("blog", "rewrite")]
    if not solid or uncertain_year or doubt or second_hand:
        return "low"
    if "issuer" in solid or len(solid) >= 2:
        return "high"
    return "medium"


def group_sources(rows: list[dict]) -> dict[str, str]:
    """Publisher -> its best source type, over the rows printing one value."""
    out: dict[str, str] = {}
    for r in rows:
        p = publisher(r["url"])
        if p not in out or TYPE_RANK[r["_stype"]] < TYPE_RANK[out[p]]:
            out[p] = r["_stype"]
    return dict(sorted(out.items()))


def reliability(rows: list[dict]) -> dict[str, str]:
    """``n_sources``, ``confidence`` and the addresses of the other documents printing the
    value (``also_source_ids``, turned into source ids when written) of a table row, from
    the rows printing its value."""
    if not rows:
        return {"n_sources": "", "confidence": "", "also_source_ids": []}
    return {"n_sources": str(independent_sources(rows)),
            "confidence": confidence(group_sources(rows),
                                     any(year_uncertain(r["notes"]) for r in rows),
                                     all(r["_doubt"] for r in rows),
                                     all(hearsay(r["notes"]) for r in rows)),
            "also_source_ids": sorted({r["url"] for r in rows})}


def zone_consistency(r: dict, year: int) -> tuple[bool | None, str]:
    """Whether a row's printed zone agrees with the official band of its own score."""
    zone = r.get("zone", "").lower()
    if not r.get("score") or zone not in ("hijau", "kuning", "merah"):
        return None, ""
    try:
        score = float(r["score"])
        if score > 100:
            return None, ""
        official = ombudsman_band(score, year).zone
    except DataError:  # 2025: no score bands
        return None, ""
    if official != zone:
        return False, f"it prints {r['score']} with zona {zone}, which the {year} bands call {official}"
    return None, ""


def unit_mean_consistency(value: str, units: list[str],
                          strict: bool = False) -> tuple[bool | None, str]:
    """True when the same page's unit values average to ``value`` (to 0.01); with
    ``strict`` (PEKPPP, whose index is the mean of its units), False when they average
    to something else (by more than 0.015)."""
    if len(units) < 2 or not value:
        return None, ""
    mean = sum(float(u) for u in units) / len(units)
    if abs(mean - float(value)) <= 0.0051:
        return True, (f"the {len(units)} unit values on the same page average "
                      f"{mean:.2f}")
    if strict and abs(mean - float(value)) > 0.0151:
        return False, (f"the {len(units)} unit values on the same page average {mean:.2f}, "
                       f"not {value}")
    return None, ""



def annotate(rows: list[dict], types: list[dict], year: int, unit_values: dict,
             value: str) -> list[dict]:
    """Mark each candidate row with its source type, the curators' doubt and whether it is
    consistent inside its source (``unit_values``: page address -> unit values printed
    there for the same key)."""
    for r in rows:
        r["_stype"] = source_type(r["url"], types)
        r["_doubt"] = doubted(r["notes"])
        r["_zone_printed"] = r.get("zone", "")
        zone = r["_zone_printed"].strip().lower()
        r["zone"] = zone if zone in ("hijau", "kuning", "merah") else ""
        ok, why = (zone_consistency(r, year) if value == "score" else (None, ""))
        if ok is None:
            ok, why = unit_mean_consistency(r[value], unit_values.get(r["url"], []),
                                            strict=value == "ipp")
        r["_consistent"], r["_why"] = ok, why
    return rows


def unit_name(text: str) -> str:
    """A unit's name for matching across pages: lowercase, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def unit_page(pages: dict[str, list[dict]]) -> str:
    """The page whose units a table takes for one entity and year (unit names are not
    comparable across pages): the issuer's page if there is one, else the page listing
    the most units, then the better source type, then the address."""
    def key(url):
        rank = min(TYPE_RANK[r["_stype"]] for r in pages[url])
        return (rank != 0, -len(pages[url]), rank, url)
    return sorted(pages, key=key)[0]


def agreement_groups(rows: list[dict], fields: list[str]) -> list[list[dict]]:
    """Rows grouped so that no two rows in a group print different values in ``fields``."""
    groups: list[list[dict]] = []
    for r in rows:
        for g in groups:
            if all(same_value(o[f], r[f]) for o in g for f in fields if o[f] and r[f]):
                g.append(r)
                break
        else:
            groups.append([r])
    return groups


def counts_consistency(r: dict) -> tuple[bool | None, str]:
    """False when a summary row's zone counts do not add up to its number assessed."""
    zones = [r[c] for c in ("n_hijau", "n_kuning", "n_merah")]
    if all(zones) and r["n_assessed"] and sum(int(z) for z in zones) != int(r["n_assessed"]):
        return False, (f"its zone counts {'+'.join(zones)} do not add up to the "
                       f"{r['n_assessed']} assessed")
    return None, ""


def summary_citation(rows: list[dict], counts: list[str]) -> dict:
    """Among agreeing summary rows, the one the table cites: the most counts, then one
    that gives the number assessed, then the better source type, then the address."""
    return sorted(rows, key=lambda r: (-sum(bool(r[f]) for f in counts), not r["n_assessed"],
                                       TYPE_RANK[r["_stype"]], r["url"]))[0]

def summary_label(group: list[dict]) -> str:
    """Name a group of agreeing summary rows: their counts and publishers."""
    fields = ("n_assessed", "n_hijau", "n_kuning", "n_merah", "n_a", "n_b", "n_c", "n_d", "n_e")
    shown = {f: next((r[f] for r in group if r[f]), "") for f in fields}
    text = ", ".join(f"{f}={v}" for f, v in shown.items() if v)
    return f"{text} ({', '.join(sorted({publisher(r['url']) for r in group}))})"


SOURCE_FIELDS = ["source_id", "url", "publisher", "title", "published", "accessed", "decree",
                 "licence", "source_type", "notes"]


def describe_source(s: dict, types: list[dict]) -> dict:
    """A sources.csv row with its source type, and its published date read from its address
    where the curators recorded none."""
    out = {f: s.get(f, "") for f in SOURCE_FIELDS}
    out["source_type"] = source_type(s["url"], types)
    if not out["published"]:
        out["published"] = url_date(s["url"])
    return out


def seed_evidence(seed: dict, url: str, value: str, rows: list[dict], types: list[dict],
                  table: str, key: str) -> tuple[list[dict], list[dict]]:
    """A hand-typed seed row against the merged rows of its key, by the same rules.

    Returns the conflict records and the rows printing the seed's value. A seed the
    evidence does not support stops the merge: correct it by hand.
    """
    me = {"url": url, value: seed[value], "notes": seed.get("notes", ""),
          "_stype": source_type(url, types), "_doubt": doubted(seed.get("notes", "")),
          "_consistent": None, "_why": "", "score": "", "ipp": "", "zone": "", "opinion": "",
          "category": "", "rank": "", "predicate": ""}
    me[value] = seed[value]
    if not seed[value]:
        return [], []
    win, rule, reason = decide([me, *[r for r in rows if r[value]]], value)
    if win is None or me not in win:
        return settled([me, *rows], None, value, None, rule, reason, table, key), []
    return settled([me, *rows], win, value, me, rule, reason, table, key), win


_SCALE_110 = re.compile(r"0\s*-\s*110|89\s*(?:-|–|sampai)\s*110|56\s*-\s*88|above 100")


def scale_max(score: str, text: str) -> str:
    """100, or 110 where the score is above 100 or its source prints the 0-110 scale of
    some 2017-2019 surveys ("rentang 89 sampai 110", "kuning 56-88"); '' without a score."""
    if not score:
        return ""
    return "110" if float(score) > 100 or _SCALE_110.search(text or "") else "100"


def ombudsman_columns(year: int, score: str, opinion: str, text: str) -> dict[str, str]:
    """The derived columns of an Ombudsman row: its method era, the scale of its score and
    its coded opinion (the printed opinion stays in ``opinion``)."""
    return {"era": str(method_era("ombudsman", year)), "scale_max": scale_max(score, text),
            "opinion_code": opinion_code(opinion)}

def _conflict(table, key, field, kept, kept_url, other_row, value, decision, reason):
    return {"table": table, "key": key, "field": field, "kept": kept, "kept_url": kept_url,
            "other": other_row[value], "other_url": other_row["url"],
            "note": other_row["notes"][:300], "decision": decision, "reason": reason}


def settled(pool: list[dict], win: list[dict] | None, field: str, cited: dict | None,
            rule: str, reason: str, table: str, key: str) -> list[dict]:
    """Conflict records for the rows of ``pool`` whose value in ``field`` is not the kept
    one: rows outside the winning group get the deciding rule; rows inside it printing the
    kept value rounded get ``rounding``. With no winner, every row is listed (kept empty)."""
    found = []
    for r in pool:
        if not r[field]:
            continue
        if win is None:
            found.append(_conflict(table, key, field, "", "", r, field, rule, reason))
        elif r not in win:
            found.append(_conflict(table, key, field, cited[field], cited["url"], r, field,
                                   rule, reason))
        elif not same_value(r[field], cited[field]):
            found.append(_conflict(table, key, field, cited[field], cited["url"], r, field,
                                   "rounding", f"{r[field]} printed with fewer decimals is "
                                   f"{cited[field]} rounded: the sources agree."))
    return found


def _most_precise(rows: list[dict], field: str) -> list[dict]:
    top = max(_decimals(r[field]) if r[field] else -1 for r in rows)
    return [r for r in rows if r[field] and _decimals(r[field]) == top]


def choose_row(rows: list[dict], value: str, label: str | None, table: str, key: str):
    """The row a table keeps for one key, and the conflicts that choice settles.

    ``value`` is the number the row is about (score, ipp), ``label`` a printed
    label that goes with it (zone) or None. Returns ``(cited, support, blank,
    conflicts)``: the row the table cites, the rows printing its kept value (empty
    when no value is kept), the fields of ``cited`` to leave empty (a tied value, or a
    label the evidence does not support) and the conflict records.
    """
    blank: list[str] = []
    valued = [r for r in rows if r[value]]
    main_field = value if valued else label
    if main_field is None:
        return citation(rows), [], blank, []
    pool = valued or [r for r in rows if r[label]] or rows
    win, rule, reason = decide(pool, main_field)
    support = win if (win is not None and valued) else []
    if win is None:
        blank.append(main_field)
        cited = citation(rows)
    else:
        cited = citation(_most_precise(win, main_field))
    conflicts = settled(pool, win, main_field, cited, rule, reason, table, key)
    if label is None or main_field == label:
        return cited, support, blank, conflicts
    # the label printed with the kept value, against labels printed without a value
    scope = win if win is not None else valued
    label_rows = [r for r in scope if r[label]] + [r for r in rows if not r[value] and r[label]]
    if len(value_groups(label_rows, label)) > 1:
        zwin, zrule, zreason = decide(label_rows, label)
        backed = [r for r in scope if zwin is not None and r in zwin]
        if backed:
            if win is not None:
                backed = [r for r in backed if same_value(r[value], cited[value])] or backed
            cited = citation(backed)
        else:
            blank.append(label)
            if zwin is not None:
                zreason += f" The row keeps no {label}."
        conflicts += settled(label_rows, zwin if backed else None, label, cited, zrule,
                             zreason, table, key)
    kept_label = "" if label in blank else cited[label]
    if win is not None and kept_label:
        for r in valued:
            if r not in win and r[label] and not same_value(r[label], kept_label):
                conflicts.append(_conflict(table, key, label, kept_label, cited["url"], r, label,
                                           rule, f"The {label} goes with the {value}: {reason}"))
    return cited, support, blank, conflicts

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
        number = re.match(r"pass(\d+)_", group)
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                year = (r.get("year") or "").strip()
                rows.append({
                    "pass": int(number.group(1)) if number else 1,
                    "group": re.sub(r"^pass\d+_", "", group),
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

    review = read_review(root)
    for r in raw:
        kind = r["kind"]
        if reviewed(r, review):
            reject(r, "review: " + reviewed(r, review))
            continue
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
    types = read_source_types(root)
    candidates_by_key: dict[str, dict] = {"ombudsman": {}, "pekppp": {}}
    unit_pages: dict[tuple, dict[str, list[str]]] = {}
    for kind, value in (("ombudsman_units", "score"), ("pekppp_units", "ipp")):
        for r in candidates[kind]:
            if r[value]:
                extra = (r["assessor"],) if kind == "pekppp_units" else ()
                unit_pages.setdefault((kind, r["_entity"], int(r["year"]), *extra), {}) \
                    .setdefault(r["url"], []).append(r[value])

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
                    if f == "opinion" and a and b and opinion_code(a) == opinion_code(b) != "":
                        continue  # two spellings of one opinion
                    if a and b and a.lower() != b.lower():
                        try:
                            same = abs(float(a) - float(b)) <= 0.005
                        except ValueError:
                            same = False
                        if not same:
                            conflicts.append({"table": table, "key": key,
                                              "field": f, "kept": a, "kept_url": merged["url"],
                                              "other": b, "other_url": other["url"],
                                              "note": "the same page prints both values",
                                              "decision": "same-source",
                                              "reason": "The same page prints both values."})
        return out

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
        annotate(rows, types, year, unit_pages.get(("ombudsman_units", entity, year), {}),
                 "score")
        c, support, blank, found = choose_row(rows, "score", "zone", "ombudsman",
                                              f"{entity} {year}")
        conflicts.extend(found)
        for f in found:
            used_urls.setdefault(f["other_url"], next(r for r in rows if r["url"] == f["other_url"]))
        candidates_by_key["ombudsman"][(entity, str(year))] = rows
        for r in support:
            used_urls.setdefault(r["url"], r)
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
        zone = c["zone"]
        if c["_zone_printed"] and not zone:
            notes.append(f"zone printed: {c['_zone_printed']!r}")
        score = c["score"]
        if "score" in blank:
            score = ""
            notes.append("score not kept: the sources disagree and no rule settles it "
                         "(see conflicts.csv)")
        if "zone" in blank and zone:
            notes.append(f"zone printed {zone!r} not kept: another source's zone is better "
                         "supported (see conflicts.csv)")
            zone = ""
        out.append({"entity": entity, "entity_type": c["_type"],
                    "region_code": c["_code"] if isinstance(c["_code"], str) else "",
                    "province": c["_province"] if isinstance(c["_province"], str) else "",
                    "year": year, "score": score, "zone": zone, "opinion": opinion,
                    "grade": grade, **ranks,
                    **ombudsman_columns(year, score, opinion, c["notes"] + " " + c["quote"]),
                    "source_id": c["url"], "excerpt": c["quote"],
                    "notes": "; ".join(n for n in notes if n), **reliability(support)})
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
        annotate(rows, types, year,
                 unit_pages.get(("pekppp_units", entity, year, assessor), {}), "ipp")
        c, support, blank, found = choose_row(rows, "ipp", None, "pekppp",
                                              f"{entity} {year} {assessor}")
        conflicts.extend(found)
        for f in found:
            used_urls.setdefault(f["other_url"], next(r for r in rows if r["url"] == f["other_url"]))
        candidates_by_key["pekppp"][(entity, str(year), assessor)] = rows
        for r in support:
            used_urls.setdefault(r["url"], r)
        notes = [c["notes"]] if c["notes"] else []
        cat = c["category"] if c["category"] in ("A", "A-", "B", "B-", "C", "C-", "D", "E", "F") else ""
        if c["category"] and not cat:
            notes.append(f"category printed: {c['category']!r}")
        if c["entity_as_printed"] != entity:
            notes.append(f"printed as {c['entity_as_printed']!r}")
        out.append({"entity": entity, "entity_type": c["_type"],
                    "region_code": c["_code"] if isinstance(c["_code"], str) else "",
                    "province": c["_province"] if isinstance(c["_province"], str) else "",
                    "year": year, "assessor": assessor,
                    "ipp": "" if "ipp" in blank else c["ipp"], "category": cat,
                    "predicate": c["predicate"], "rank": c["rank"] if c["rank"].isdigit() else "",
                    "rank_of": c["rank_of"] if c["rank_of"].isdigit() else "",
                    "rank_scope": c["rank_scope"] if c["rank"].isdigit() else "",
                    "source_id": c["url"], "excerpt": c["quote"],
                    "notes": "; ".join(n for n in notes if n), **reliability(support)})
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
            for rows in sources.values():
                annotate(rows, types, key[1], {}, value)
            best_url = unit_page(sources)
            others = [r for u, rows in sorted(sources.items()) if u != best_url for r in rows]
            matched, seen = set(), set()
            label = " ".join(str(k) for k in key)
            for r in sources[best_url]:
                unit = re.sub(r"\s+", " ", r["unit"])
                if unit.lower() in seen:
                    reject(r, "the same unit twice in one source")
                    continue
                seen.add(unit.lower())
                same = [o for o in others if unit_name(o["unit"]) == unit_name(unit)]
                matched.update(id(o) for o in same)
                win, rule, reason = decide([r, *same], value)
                if win is not None:
                    precise = _most_precise(win, value)
                    cited = r if r in precise else citation(precise)
                found = settled([r, *same], win, value, cited if win else None, rule, reason,
                                kind, f"{label} {unit}")
                conflicts.extend(found)
                for f in found:
                    used_urls.setdefault(f["other_url"], next(
                        o for o in [r, *same] if o["url"] == f["other_url"]))
                if win is None:
                    continue
                row = {"entity": key[0], "unit": unit, "year": key[1]}
                if kind == "pekppp_units":
                    row["assessor"] = key[2]
                    row.update(ipp=cited["ipp"], category=cited["category"] if cited["category"]
                               in ("A", "A-", "B", "B-", "C", "C-", "D", "E", "F") else "",
                               predicate=cited["predicate"])
                else:
                    row.update(score=cited["score"], zone=cited["zone"],
                               opinion=cited["opinion"],
                               **ombudsman_columns(key[1], cited["score"], cited["opinion"],
                                                   cited["notes"] + " " + cited["quote"]))
                row.update(source_id=cited["url"], excerpt=cited["quote"], notes=cited["notes"],
                           **reliability(win))
                out.append(row)
                for o in win:
                    used_urls.setdefault(o["url"], o)
            for r in others:
                if id(r) not in matched:
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
        if r["n_assessed"] and r["predicate"] and not any(
                r[c] for c in ("n_hijau", "n_kuning", "n_merah")):
            reject(r, f"a count of the category {r['predicate']!r} recorded as n_assessed: "
                      "not the number assessed")
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
    counts = ["n_assessed", "n_hijau", "n_kuning", "n_merah", "n_a", "n_b", "n_c", "n_d", "n_e"]
    for (year, etype, scope), rows in sorted(groups.items()):
        key = f"{year} {etype} {scope}"
        rows = combine_same_source(rows, counts, "ombudsman_summary", key)
        for r in rows:
            r["_stype"], r["_doubt"] = source_type(r["url"], types), doubted(r["notes"])
            r["_consistent"], r["_why"] = counts_consistency(r)
        win, rule, reason = decide_groups(agreement_groups(rows, counts), summary_label)
        if win is None:
            for r in rows:
                for f in counts:
                    if r[f]:
                        conflicts.append(_conflict("ombudsman_summary", key, f, "", "", r, f,
                                                   rule, reason))
                        used_urls.setdefault(r["url"], r)
            continue
        c = summary_citation(win, counts)
        for r in rows:
            if r in win:
                continue
            for f in counts:
                if r[f] and c[f] and not same_value(r[f], c[f]):
                    conflicts.append(_conflict("ombudsman_summary", key, f, c[f], c["url"], r, f,
                                               rule, reason))
                    used_urls.setdefault(r["url"], r)
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
    fields = SOURCE_FIELDS
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
    sources = [describe_source(s, types) for s in curated + new_sources]
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
        seed_path = root / "curation" / "seeds" / f"{name}.csv"
        if seed_path.exists():
            with open(seed_path, newline="", encoding="utf-8") as f:
                seeds = list(csv.DictReader(f))
        seed_keys = {tuple(str(s[k]) for k in keys[name]) for s in seeds}
        merged = seeds + [r for r in rows if tuple(str(r[k]) for k in keys[name]) not in seed_keys]
        if name in ("ombudsman", "pekppp"):
            value = "score" if name == "ombudsman" else "ipp"
            seed_urls = {s["source_id"]: s["url"] for s in curated}
            for seed in seeds:
                k = tuple(str(seed[x]) for x in keys[name])
                conflicts[:] = [c for c in conflicts
                                if not (c["table"] == name and c["key"] == " ".join(k))]
                found, support = seed_evidence(seed, seed_urls[seed["source_id"]], value,
                                               candidates_by_key[name].get(k, []), types,
                                               name, " ".join(k))
                conflicts.extend(found)
                if seed[value] and not support:
                    seed[value] = ""
                    seed["notes"] = "; ".join(n for n in (
                        seed["notes"], f"{value} not kept: the sources disagree and no rule "
                        "settles it (see conflicts.csv)") if n)
                seed.update(reliability(support))
                if name == "ombudsman":
                    seed.update(ombudsman_columns(int(seed["year"]), seed["score"],
                                                  seed["opinion"],
                                                  seed["notes"] + " " + seed["excerpt"]))
                seed["also_source_ids"] = "; ".join(sorted(
                    {by_url[r["url"]] for r in support if r["url"] in by_url}
                    - {seed["source_id"]}))
        for row in rows:
            if "also_source_ids" in row:
                row["also_source_ids"] = "; ".join(sorted(
                    {by_url[u] for u in row["also_source_ids"]} - {row["source_id"]}))
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
                                          "other", "other_source_id", "decision", "reason",
                                          "note"],
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
                        "decision": c["decision"], "reason": c["reason"], "note": c["note"]})
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

"""What a row says about its source: type, publisher, date, the curators' flags, consistency.

Pure functions (a row or a group of rows in, a fact out). The rules are described
for readers in data/datapackage.json (read into data/README.md by datadoc).
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

from analysis import DataError
from analysis.scales import method_era, ombudsman_band, opinion_code

from .codes import zones
from .reading import TYPE_RANK

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
# the 0-110 scale of some 2017-2019 surveys, as their sources print it
_SCALE_110 = re.compile(r"0\s*-\s*110|89\s*(?:-|–|sampai)\s*110|56\s*-\s*88|above 100")


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
    """Whether ``value`` is printed in ``quote`` as a whole number (not part of a longer one)."""
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


def independent_sources(rows: list[dict]) -> int:
    """Independent documents among ``rows`` (each with ``_stype`` and ``url``): distinct
    publishers; a machine rewrite counts only when nothing else prints the value."""
    originals = {publisher(r["url"]) for r in rows if r["_stype"] != "rewrite"}
    return len(originals) or len({publisher(r["url"]) for r in rows})


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
    if not r.get("score") or zone not in zones():
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


def counts_consistency(r: dict) -> tuple[bool | None, str]:
    """False when a summary row's zone counts do not add up to its number assessed."""
    zones = [r[c] for c in ("n_hijau", "n_kuning", "n_merah")]
    if all(zones) and r["n_assessed"] and sum(int(z) for z in zones) != int(r["n_assessed"]):
        return False, (f"its zone counts {'+'.join(zones)} do not add up to the "
                       f"{r['n_assessed']} assessed")
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
        r["zone"] = zone if zone in zones() else ""
        ok, why = (zone_consistency(r, year) if value == "score" else (None, ""))
        if ok is None:
            ok, why = unit_mean_consistency(r[value], unit_values.get(r["url"], []),
                                            strict=value == "ipp")
        r["_consistent"], r["_why"] = ok, why
    return rows


def unit_name(text: str) -> str:
    """A unit's name for matching across pages: lowercase, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


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

"""Entity names and region codes: one canonical name for every spelling.

The press writes one government many ways: "Pemkab Banjarnegara",
"Kab. Banjarnegara", "Kabupaten Banjarnegara"; "Pemprov Jateng" and
"Provinsi Jawa Tengah". :func:`canonical_name` maps them to one name, from two
code tables in ``data/``:

* ``regions.csv`` -- every province, regency and city with its Kemendagri code
  (Kepmendagri 300.2.2-2430/2025), and the name it had in Permendagri 72/2019
  (an alias: "Kabupaten Toba Samosir" is "Kabupaten Toba");
* ``name_aliases.csv`` -- province abbreviations (Jateng, Sultra, DIY ...) and
  the names of ministries and agencies with their short forms (Kemlu, BPOM ...).

Canonical names are "Kabupaten <name>", "Kota <name>", "Provinsi <name>" with
the region's name as the 2025 list gives it, and the full name of a ministry
or agency. An unknown name raises :class:`analysis.DataError` with the nearest
candidates; a bare name that fits two entities (Bogor: Kabupaten or Kota)
raises too -- the caller must say which.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from analysis import paths
from analysis.errors import DataError
from analysis.loading import file_stamp, load
from analysis.texts import count
from analysis.texts import message as _msg

__all__ = ["canonical_name", "resolve", "entity_type_of", "name_forms", "name_index",
           "build_index"]

_PREFIXES = [
    # (pattern at the start of the normalised text, entity type or None if unknown)
    (r"pemerintah kabupaten|pemerintah kab|pemkab|kabupaten|kab", "kabupaten"),
    (r"pemerintah kota|pemkot|pemko|kota", "kota"),
    (r"pemerintah provinsi|pemerintah daerah provinsi|pemprov|provinsi|prov", "provinsi"),
    (r"pemerintah daerah|pemda|pemerintah", None),
]
_PREFIX_RE = [(re.compile(rf"^(?:{p})\s+(.+)$"), t) for p, t in _PREFIXES]
_TYPE_WORD = {"kabupaten": "Kabupaten", "kota": "Kota", "provinsi": "Provinsi"}
_TOKENS = {"kep": "kepulauan", "adm": "administrasi", "sumatra": "sumatera"}
_SUFFIX = r"\b(republik indonesia|ri)$"   # dropped from the end of a normalised name
_INDEX: dict[str, object] = {}
MAX_NAME_CHARS = 300  # the longest official name has about 90 characters


def _key(text: str) -> str:
    s = str(text).lower().replace("&", " dan ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(_SUFFIX, "", s).strip()
    return " ".join(_TOKENS.get(t, t) for t in s.split())


def _compact(key: str) -> str:
    return key.replace(" ", "")


def name_index() -> dict:
    """Return the name lookup tables, built once per version of the code tables.

    Returns
    -------
    dict
        ``info``: canonical name -> (entity_type, region_code, province)
        (region_code and province missing for ministries and agencies);
        ``exact``: "<type>|<normalised name>" -> canonical name; ``bare``:
        normalised name without its prefix -> set of canonical names;
        ``version``: the file stamps it was built from. Shared: do not change it.

    Examples
    --------
    >>> from analysis.regions import name_index
    >>> name_index()["info"]["Kabupaten Banjarnegara"][0]
    'kabupaten'
    """
    # rebuilt when either code table changes on disk (cheap stat, no hashing)
    version = tuple(file_stamp(paths.data_dir() / name)
                    for name in ("regions.csv", "name_aliases.csv"))
    if _INDEX.get("version") == version:
        return _INDEX
    built = build_index(load("regions"), load("name_aliases"))
    _INDEX.clear()
    _INDEX.update(version=version, **built)
    return _INDEX


def build_index(regions: pd.DataFrame, aliases: pd.DataFrame) -> dict:
    """Return the lookup tables of :func:`canonical_name`, built from the code tables given.

    :func:`canonical_name` uses the package's own ``regions`` and
    ``name_aliases``; a tool that merges another copy of ``data/`` builds an
    index from that copy's tables and passes it as ``index``.

    Parameters
    ----------
    regions, aliases : DataFrame
        The tables ``regions`` and ``name_aliases``, typed as
        :func:`analysis.load` returns them.

    Returns
    -------
    dict
        ``exact`` and ``bare`` (normalised name -> canonical names) and
        ``info`` (canonical name -> ``(entity_type, region_code, province)``).
    """
    exact: dict[str, str] = {}       # normalised full name -> canonical
    bare: dict[str, set] = {}        # normalised name without prefix -> canonicals
    info: dict[str, tuple] = {}      # canonical -> (entity_type, region_code, province)
    for r in regions.itertuples(index=False):
        word = _TYPE_WORD[r.type]
        base = r.name
        canon = f"{word} {base}" if r.type == "provinsi" else base
        info[canon] = (r.type, r.region_code, r.province)
        stems = {base.split(" ", 1)[1] if r.type != "provinsi" else base}
        if isinstance(r.name_2019, str) and r.name_2019:
            stems.add(r.name_2019.split(" ", 1)[1] if r.type != "provinsi" else r.name_2019)
        for stem in list(stems):
            stems.add(re.sub(r"^(administrasi|adm\.?) ", "", stem, flags=re.I))
        for stem in stems:
            k = _key(stem)
            for form in (k, _compact(k)):
                exact[f"{r.type}|{form}"] = canon
                bare.setdefault(form, set()).add(canon)
    for r in aliases.itertuples(index=False):
        k = _key(r.alias)
        if r.entity_type in _TYPE_WORD:
            if r.canonical not in info:
                raise DataError.at("data/name_aliases.csv", column="canonical", value=r.canonical,
                                   message=_msg("names.not_region"),
                                   hint=_msg("names.not_region_hint"))
            for form in (k, _compact(k)):
                exact[f"{r.entity_type}|{form}"] = r.canonical
                bare.setdefault(form, set()).add(r.canonical)
        else:
            info[r.canonical] = (r.entity_type, pd.NA, pd.NA)
            for form in (k, _compact(k)):
                exact[f"kl|{form}"] = r.canonical
    return {"exact": exact, "bare": bare, "info": info}


def _lookup(text: str, index: dict | None = None) -> str:
    if len(str(text)) > MAX_NAME_CHARS:  # before any normalising or nearest-name search
        raise DataError.at(value=text, message=_msg("names.too_long", n=count(len(str(text)))),
                           hint=_msg("names.too_long_hint", limit=MAX_NAME_CHARS))
    idx = index or name_index()
    exact, bare = idx["exact"], idx["bare"]
    key = _key(text)
    if not key:
        raise DataError.at(value=text, message=_msg("names.blank"), hint=_msg("names.blank_hint"))
    # "Pemda Kabupaten X", "Pemerintah Daerah Kota X": the inner prefix says the type
    key = re.sub(r"^(?:pemerintah daerah|pemda|pemerintah) (?=(?:kabupaten|kab|kota|provinsi) )",
                 "", key)
    candidates = [key]
    stripped = re.sub(r"\s*\([^)]*\)\s*", " ", str(text)).strip()  # 'BPOM (Badan POM)'
    inner = re.findall(r"\(([^)]*)\)", str(text))
    candidates += [_key(stripped)] + [_key(s) for s in inner]
    for cand in candidates:
        for form in (cand, _compact(cand)):
            if f"kl|{form}" in exact:
                return exact[f"kl|{form}"]
        for pattern, etype in _PREFIX_RE:
            m = pattern.match(cand)
            if not m:
                continue
            rest = m.group(1)
            types = [etype] if etype else ["provinsi", "kabupaten", "kota"]
            found = {exact[f"{t}|{f}"] for t in types for f in (rest, _compact(rest))
                     if f"{t}|{f}" in exact}
            if len(found) == 1:
                return found.pop()
            if len(found) > 1:
                raise _ambiguous(text, found)
        for form in (cand, _compact(cand)):
            found = bare.get(form)
            if found and len(found) == 1:
                return next(iter(found))
            if found:
                raise _ambiguous(text, found)
    raise _unknown(text, idx)


def _ambiguous(text, found) -> DataError:
    options = _msg("word.or").join(repr(f) for f in sorted(found))
    return DataError.at(value=text, message=_msg("names.ambiguous", options=options),
                        hint=_msg("names.ambiguous_hint"))


def _unknown(text, index: dict | None = None) -> DataError:
    names = list((index or name_index())["info"])
    near = difflib.get_close_matches(str(text), names, n=3, cutoff=0.6)
    if not near:
        keyed = {_key(n): n for n in names}
        near = [keyed[k] for k in difflib.get_close_matches(_key(text), list(keyed), n=3,
                                                           cutoff=0.5)]
    hint = (_msg("names.nearest", names=", ".join(repr(n) for n in near)) if near
            else _msg("names.how"))
    return DataError.at(value=text, message=_msg("names.unknown"), hint=hint)


def canonical_name(text: str, index: dict | None = None) -> str:
    """Return the canonical name of a government, ministry or agency.

    Parameters
    ----------
    text : str
        A name as printed: with a prefix ("Pemkab", "Pemkot", "Pemprov",
        "Kab.", "Kota", "Provinsi", "Pemerintah ..."), an abbreviation
        ("Jateng", "Sultra", "DIY", "NTB"), a short ministry or agency name
        ("Kemlu", "BPOM"), an old name ("Toba Samosir") or spacing variant
        ("Pare Pare").
    index : dict, optional
        Lookup tables from :func:`build_index`; by default the package's own
        ``data/regions.csv`` and ``data/name_aliases.csv``.

    Returns
    -------
    str
        "Kabupaten <name>", "Kota <name>", "Provinsi <name>", or the full name
        of a ministry or agency.

    Raises
    ------
    analysis.DataError
        When nothing matches (naming the nearest candidates) or when a bare
        name fits several entities (Kabupaten and Kota Bogor).

    Examples
    --------
    >>> from analysis.regions import canonical_name
    >>> canonical_name("Pemkab Banjarnegara")
    'Kabupaten Banjarnegara'
    >>> canonical_name("Pemprov Jateng")
    'Provinsi Jawa Tengah'
    >>> canonical_name("Kemlu")
    'Kementerian Luar Negeri'
    """
    return _lookup(text, index)


def resolve(names) -> pd.DataFrame:
    """Resolve many names at once (each distinct name is looked up once).

    Parameters
    ----------
    names : array-like of str
        Names as printed.

    Returns
    -------
    DataFrame
        One row per input, same order: ``text`` (as given), ``entity``
        (canonical), ``entity_type``, ``region_code`` and ``province`` (empty
        for ministries and agencies).

    Raises
    ------
    analysis.DataError
        Listing every name that did not resolve.
    """
    texts = pd.Series(list(names), dtype="object")
    info = name_index()["info"]
    problems, mapping = [], {}
    for t in pd.unique(texts):
        try:
            mapping[t] = _lookup(t)
        except DataError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems)
    entity = texts.map(mapping)
    meta = pd.DataFrame([info[e] for e in entity],
                        columns=["entity_type", "region_code", "province"])
    out = pd.DataFrame({"text": texts, "entity": entity})
    return pd.concat([out, meta], axis=1)


def entity_type_of(name: str) -> str:
    """Return the entity type (kementerian, lembaga, provinsi, kota, kabupaten) of a name.

    Examples
    --------
    >>> from analysis.regions import entity_type_of
    >>> entity_type_of("Pemkot Magelang")
    'kota'
    """
    return name_index()["info"][canonical_name(name)][0]


def name_forms(entity: str) -> list[str]:
    """Return the spellings of one entity that :func:`canonical_name` maps to it, normalised.

    Generated from the same code tables and prefixes the lookup uses: for a
    region, each prefix ("kabupaten", "kab", "pemkab", "pemerintah kabupaten"
    ...) before each of its names (2025 name, 2019 name, spacing variants,
    aliases) and the bare name; for a ministry or agency, its aliases. Forms
    are lower-case, punctuation removed (as the lookup normalises them), so a
    search box can match them; a bare name shared by two entities (Bogor)
    is listed for both, although :func:`canonical_name` asks which is meant.

    Parameters
    ----------
    entity : str
        A canonical name ("Kabupaten Banjarnegara").

    Returns
    -------
    list of str
        Sorted, without duplicates; the canonical name's own form first.

    Examples
    --------
    >>> from analysis.regions import name_forms
    >>> "pemkab banjarnegara" in name_forms("Kabupaten Banjarnegara")
    True
    """
    idx = name_index()
    if entity not in idx["info"]:
        raise _unknown(entity)
    etype = idx["info"][entity][0]
    scope = etype if etype in _TYPE_WORD else "kl"
    stems = {key.split("|", 1)[1] for key, canon in idx["exact"].items()
             if canon == entity and key.startswith(f"{scope}|")}
    forms = set(stems) if scope == "kl" else set()
    if scope != "kl":
        prefixes = next(p for p, t in _PREFIXES if t == etype).split("|")
        forms |= {f"{prefix} {stem}" for prefix in prefixes for stem in stems} | stems
    own = _key(entity)
    return [own] + sorted(forms - {own})


"""Entity names and regions, resolved against the code tables of the root being merged.

The merge reads ``root/data/regions.csv`` and ``root/data/name_aliases.csv``,
never the package's own copies, so a merge of another checkout (or of a test's
temporary copy) resolves names against that checkout's tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis import DataError
from analysis.loading import enumeration, read_table_file
from analysis.regions import build_index, canonical_name
from analysis.scales import ENTITY_TYPES

# the prefixes of a printed name, misprints included ("Pemerintahan", "Propinsi", "Pemrov",
# "Kabupatem", "Pemerintah Provisi", Sundanese "Pamaréntah"): the curator's type replaces them
_PREFIX = re.compile(r"^(Pemerintah(?:an)? (?:Kabupaten|Kota|Provinsi|Provisi|Prov\.)|Pemkab|Pemkot|"
                     r"Pemko|Pemprov|Pemrov|Pemdakab|Pamaréntah Kota|Kabup[ae]t[ae][nm]|"
                     r"Kab\.?|Kota|Provinsi|Propinsi)\s+", re.I)
_NATIONAL = {"national", "nasional", "all", "indonesia"}


def read_table(root: Path, name: str) -> pd.DataFrame:
    """A code table of ``root/data``, typed by the package's descriptor as ``analysis.load``
    types the package's own copy."""
    return read_table_file(Path(root) / "data" / f"{name}.csv", name, file=f"data/{name}.csv")


def region_types() -> tuple[str, ...]:
    """The region types of data/regions.csv (provinsi, kabupaten, kota), from the descriptor."""
    return enumeration("regions", "type")


class Names:
    """Name resolution over one root's ``regions`` and ``name_aliases`` tables.

    Parameters
    ----------
    regions, aliases : DataFrame
        The two code tables, typed as :func:`analysis.load` types them.
    """

    def __init__(self, regions: pd.DataFrame, aliases: pd.DataFrame):
        self.index = build_index(regions, aliases)
        self.aliases = [(a, c) for a, c in zip(aliases["alias"], aliases["canonical"],
                                               strict=True)]
        provinces = regions[regions["type"] == "provinsi"]
        self.province_2019_of_code = {
            code: "" if pd.isna(p) else str(p)
            for code, p in zip(provinces["region_code"], provinces["province_2019"], strict=True)}
        self.types = ENTITY_TYPES
        self.type_word = {t: t.capitalize() for t in region_types()}

    @classmethod
    def from_root(cls, root: Path) -> Names:
        """The names of ``root/data`` (regions.csv and name_aliases.csv)."""
        return cls(read_table(root, "regions"), read_table(root, "name_aliases"))

    def canonical(self, text: str) -> str:
        """:func:`analysis.regions.canonical_name` against this root's tables."""
        return canonical_name(text, self.index)

    def info(self, entity: str) -> tuple:
        """(entity_type, region_code, province) of a canonical name."""
        return self.index["info"][entity]

    def provinces(self) -> list[str]:
        """The province names the regions table gives its governments."""
        return sorted({v[2] for v in self.index["info"].values() if isinstance(v[2], str)})

    def resolve(self, name: str, etype: str) -> str:
        """Canonical name, using the curator's type when the printed name has no prefix."""
        errors = []
        attempts = [name]
        if etype in self.type_word:
            bare = _PREFIX.sub("", name)
            attempts.insert(0, f"{self.type_word[etype]} {bare}")
        for attempt in attempts:
            try:
                found = self.canonical(attempt)
            except DataError as err:
                errors.append(str(err))
                continue
            found_type = self.info(found)[0]
            if etype in self.types and found_type != etype and attempt != name:
                continue
            return found
        raise DataError.plain(f"{name!r} ({etype}) did not resolve: " + " | ".join(errors))

    def named_in(self, r: dict) -> bool:
        """Whether the excerpt names the entity (by its name, an alias or the printed name)."""
        excerpt = r["quote"].lower()
        base = re.sub(r"^(Kabupaten|Kota|Provinsi) ", "", r["_entity"]).lower()
        names = {base, base.replace(" ", ""), base.replace("-", " "),
                 r["entity_as_printed"].lower()}
        names |= {a.lower() for a, c in self.aliases if c == r["_entity"]}
        return any(n and n in excerpt for n in names)

    def province_2019(self, name: str) -> str:
        """The 2019-frame province of a printed province name, 'national', or '' if unknown."""
        text = (name or "").strip()
        if not text or text.lower() in _NATIONAL:
            return "national"
        try:
            canon = self.canonical(f"Provinsi {text}") if not text.lower().startswith(
                ("provinsi", "prov", "pemprov")) else self.canonical(text)
        except DataError:
            try:
                canon = self.canonical(text)
            except DataError:
                return ""
        info = self.index["info"].get(canon)
        if not info or not isinstance(info[1], str):
            return ""
        return self.province_2019_of_code.get(info[1][:2], "")

"""Indonesia's public-service evaluations, as published: load, check, analyse, plot.

The package loads curated, cited tables of the Ombudsman RI compliance
assessment and the KemenPAN-RB PEKPPP Indeks Pelayanan Publik, and holds the
logic the notebooks use. Public names are imported lazily, so
``import analysis`` stays fast and pulls in no plotting or statistics library.

Examples
--------
>>> import analysis
>>> analysis.tables()[["name", "rows"]]  # doctest: +SKIP
>>> analysis.profile("Kab. Banjarnegara")  # doctest: +SKIP
>>> analysis.load("pekppp").query("entity == 'Kabupaten Banjarnegara'")  # doctest: +SKIP
>>> analysis.term("opinion.A", "id")
'Kualitas Tertinggi'
"""

from __future__ import annotations

import importlib

from analysis.errors import DataError

__version__ = "0.1.0"

# public function -> module that defines it (no submodule may share a public
# function's name: importing the submodule would shadow the function)
_LAZY = {
    "load": "analysis.loading",
    "tables": "analysis.loading",
    "data_version": "analysis.loading",
    "cite": "analysis.loading",
    "read_scores": "analysis.importing",
    "profile": "analysis.profiles",
    "explore": "analysis.explorer",
    "glossary": "analysis.terms",
    "term": "analysis.terms",
}
_SUBMODULES = {"loading", "paths", "errors", "plots", "reproduce", "scales", "regions",
               "importing", "coverage", "agreement", "ranking", "trends", "checks", "datadoc",
               "explorer", "profiles", "unit_types", "units", "reliability", "site", "banding",
               "population", "selection", "terms"}

__all__ = ["DataError", "__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"analysis.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | _SUBMODULES)

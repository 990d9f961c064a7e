"""Merge the curators' raw finds (curation/raw/*.csv) into the cited tables in data/.

Maintainer tool, run by hand when raw finds change; the package never runs it.

Every raw row carries the address of the page it was read in and the verbatim
excerpt holding its numbers. A row enters data/ only when

* each number it records (score, index, counts) appears in its excerpt as
  printed (decimal comma or point, optional space after the comma);
* its entity name resolves with analysis.regions.canonical_name;
* its year is an assessment year of the instrument.

Several rows for one key (entity and year) are reduced to one. Where they
print different values, the value is chosen by evidence, in this order
(``tools/curation/choosing.py``): a value that is another printed value
rounded joins it; a value the curators flagged (a probable typo, a low-quality
copy) loses to a clean one; the issuer's own publication; the value printed by
more independent documents; consistency inside a source (units that average
to the entity's score, a printed change from last year); the source type;
still tied, neither is kept as the score. Never by address or by how many
fields a row fills. Every losing value is written to data/conflicts.csv with
both addresses, the rule that decided (``decision``) and one sentence
(``reason``). Rows that fail a check are listed in curation/rejected.csv with
the reason.

Every source it writes carries the date its page was read, taken from
curation/accessed.csv (the date of the first commit whose curation/raw cites the
address; ``python tools/record_accessed.py`` derives it once from the git history,
so the merge runs no git and gives the same bytes), and the licence its publisher
states where curation/licences.csv records one (the statement as printed and the
page it was read on), applied to every address of that domain.

The steps live in ``tools/curation/`` (reading, admitting, reducing, choosing,
writing ...); this file runs them in order. Names and regions are resolved
against the root merged (``root/data/regions.csv`` and ``name_aliases.csv``).

Usage::

    python tools/merge_curation.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import DataError  # noqa: E402,F401  (callers catch merge_curation.DataError)
from analysis.scales import assessment_years  # noqa: E402
from analysis.unit_types import with_unit_type  # noqa: E402
from tools.curation.admitting import admit_rows, rank_fields, reviewed  # noqa: E402,F401
from tools.curation.choosing import (  # noqa: E402,F401
    RULES,
    agreement_groups,
    choose_row,
    citation,
    decide,
    decide_groups,
    same_value,
    settled,
    summary_citation,
    summary_label,
    unit_page,
    value_groups,
)
from tools.curation.evidence import (  # noqa: E402,F401
    annotate,
    confidence,
    counts_consistency,
    doubted,
    group_sources,
    hearsay,
    in_quote,
    independent_sources,
    number_forms,
    ombudsman_columns,
    publisher,
    reliability,
    scale_max,
    source_type,
    unit_mean_consistency,
    unit_name,
    url_date,
    year_uncertain,
    zone_consistency,
)
from tools.curation.names import Names  # noqa: E402
from tools.curation.reading import (  # noqa: E402,F401
    SOURCE_TYPES,
    TYPE_RANK,
    read_accessed,
    read_licences,
    read_raw,
    read_review,
    read_search_logs,
    read_seeds,
    read_source_types,
    read_sources,
)
from tools.curation.reducing import Outcome, reduce_table  # noqa: E402
from tools.curation.search_log import SEARCH_LOG_FIELDS, search_log_rows  # noqa: E402
from tools.curation.seeding import seed_evidence, with_seeds  # noqa: E402,F401
from tools.curation.sourcing import (  # noqa: E402,F401
    SOURCE_FIELDS,
    build_sources,
    curated_sources,
    describe_source,
    source_id,
    valid_date,
)
from tools.curation.tables import SPECS, Context, unit_pages  # noqa: E402
from tools.curation.writing import (  # noqa: E402
    CONFLICT_FIELDS,
    REJECTED_FIELDS,
    conflict_rows,
    write_csv,
    write_table,
)


def _ids(rows: list[dict], by_url: dict[str, str]) -> None:
    """Replace the addresses of merged rows by source ids (``source_id``, ``also_source_ids``)."""
    for row in rows:
        row["source_id"] = by_url[row["source_id"]]
        if "also_source_ids" in row:
            row["also_source_ids"] = "; ".join(sorted(
                {by_url[u] for u in row["also_source_ids"]} - {row["source_id"]}))


def write_tables(root: Path, reduced: dict[str, Outcome], conflicts: list[dict],
                 by_url: dict[str, str], seed_urls: dict[str, str],
                 types: list[dict]) -> list[dict]:
    """Write each table (seed rows in place of merged rows of their key); return the
    conflicts with each seed's replacing those of its key."""
    for spec in SPECS:
        rows = reduced[spec.table].rows
        _ids(rows, by_url)
        seeds = read_seeds(root, spec.table)
        merged, conflicts = with_seeds(spec.table, spec.columns, rows, seeds,
                                       reduced[spec.table].by_key, seed_urls, types, by_url,
                                       conflicts)
        header = list(rows[0]) if rows else list(seeds[0])
        header, merged = with_unit_type(header, merged)  # unit tables: unit_type from the code table
        write_table(root / "data" / f"{spec.table}.csv", header, merged)
        print(f"{spec.table:<18} {len(merged):5d} rows")
    return conflicts


def main(root: Path = ROOT) -> int:
    """Merge curation/raw under ``root`` into root/data (and root/curation/rejected.csv)."""
    root = Path(root)
    names = Names.from_root(root)
    types = read_source_types(root)
    candidates, rejected = admit_rows(read_raw(root), read_review(root), names,
                                      [spec.table for spec in SPECS],
                                      assessment_years("ombudsman"))
    context = Context(names, types, unit_pages(candidates))
    reduced = {spec.table: reduce_table(spec, candidates[spec.table], context)
               for spec in SPECS}
    found = Outcome(rejected=rejected)
    for outcome in reduced.values():
        found.conflicts += outcome.conflicts
        found.rejected += outcome.rejected
        found.used += outcome.used

    existing = read_sources(root)
    sources, by_url = build_sources(existing, found.used, types, read_accessed(root),
                                    read_licences(root))
    write_csv(root / "data" / "sources.csv", SOURCE_FIELDS, sources)
    seed_urls = {s["source_id"]: s["url"] for s in curated_sources(existing)}
    conflicts = write_tables(root, reduced, found.conflicts, by_url, seed_urls, types)
    listed = conflict_rows(conflicts, by_url)
    write_csv(root / "data" / "conflicts.csv", CONFLICT_FIELDS, listed)
    log = search_log_rows(read_search_logs(root), names)
    write_csv(root / "data" / "search_log.csv", SEARCH_LOG_FIELDS, log)
    print(f"search_log         {len(log):5d} rows")
    write_csv(root / "curation" / "rejected.csv", REJECTED_FIELDS, found.rejected)
    print(f"sources            {len(sources):5d} rows")
    print(f"conflicts          {len(listed):5d} rows")
    print(f"rejected raw rows  {len(found.rejected):5d} (curation/rejected.csv)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))

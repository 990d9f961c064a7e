"""The authority order between sources that disagree (issue 17's decision rules).

Each rule is a pure function: groups of rows (each group printing one value) in,
a winning group and one sentence out. :func:`decide_groups` applies them in their
order; :func:`choose_row` turns the decision into the row a table keeps and the
conflicts that decision settles (records, returned, never appended to a shared list).
"""

from __future__ import annotations

from .evidence import independent_sources, publisher
from .reading import SOURCE_TYPES, TYPE_RANK


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


def conflict_record(table, key, field, kept, kept_url, other_row, value, decision, reason,
                    note: str | None = None):
    """One row of conflicts.csv (addresses still as URLs): ``other_row[value]`` was not kept.

    Its ``note`` is the other row's curator note unless ``note`` is given.
    """
    return {"table": table, "key": key, "field": field, "kept": kept, "kept_url": kept_url,
            "other": other_row[value], "other_url": other_row["url"],
            "note": other_row["notes"][:300] if note is None else note,
            "decision": decision, "reason": reason}


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
            found.append(conflict_record(table, key, field, "", "", r, field, rule, reason))
        elif r not in win:
            found.append(conflict_record(table, key, field, cited[field], cited["url"], r, field,
                                   rule, reason))
        elif not same_value(r[field], cited[field]):
            found.append(conflict_record(table, key, field, cited[field], cited["url"], r, field,
                                   "rounding", f"{r[field]} printed with fewer decimals is "
                                   f"{cited[field]} rounded: the sources agree."))
    return found


def most_precise(rows: list[dict], field: str) -> list[dict]:
    """The rows printing ``field`` with the most decimals."""
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
        cited = citation(most_precise(win, main_field))
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
                conflicts.append(conflict_record(table, key, label, kept_label, cited["url"], r, label,
                                           rule, f"The {label} goes with the {value}: {reason}"))
    return cited, support, blank, conflicts


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

"""Record when each raw find's page was read: curation/accessed.csv (url, accessed, commit).

Maintainer tool, run by hand after new raw finds are committed; the merge never runs git.

The curators record a find in curation/raw/*.csv in the session in which they read its
page, and commit it at the end of that session. So the date a page was read is the date
(UTC, YYYY-MM-DD) of the first commit whose curation/raw holds a row with its address:
the earliest author date among the commits of HEAD's history that hold it. Addresses
already in curation/accessed.csv keep their recorded date (a later rewrite of a raw file
never moves it); new addresses are added; rows are sorted by address, so the same
history gives the same bytes. Rows not yet committed have no date: commit them first.

Usage::

    python tools/record_accessed.py [ROOT]
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = "curation/raw"
FIELDS = ["url", "accessed", "commit"]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout


def raw_commits(root: Path) -> list[tuple[str, str]]:
    """(commit, UTC date) of every commit of HEAD's history that changed curation/raw."""
    out = []
    for line in _git(root, "log", "--format=%H %aI", "--", RAW).splitlines():
        commit, stamp = line.split()
        day = datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%d")
        out.append((commit, day))
    return out


def urls_at(root: Path, commit: str) -> set[str]:
    """The addresses of the raw finds (curation/raw/*.csv, search logs excluded) at a commit."""
    urls = set()
    for path in _git(root, "ls-tree", "--name-only", f"{commit}:{RAW}").splitlines():
        if not path.endswith(".csv") or path.endswith("_log.csv"):
            continue
        text = _git(root, "show", f"{commit}:{RAW}/{path}")
        urls |= {(r.get("url") or "").strip() for r in csv.DictReader(io.StringIO(text))}
    return urls - {""}


def first_seen(commits: list[tuple[str, str]], urls: dict[str, set[str]]) -> dict[str, tuple]:
    """Address -> (date, commit) of the earliest commit holding it (ties: the commit id)."""
    seen: dict[str, tuple[str, str]] = {}
    for commit, day in commits:
        for url in urls[commit]:
            if url not in seen or (day, commit) < seen[url]:
                seen[url] = (day, commit)
    return seen


def read_accessed(path: Path) -> dict[str, dict]:
    """curation/accessed.csv as it stands (address -> row), or {} when there is none."""
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {r["url"]: r for r in csv.DictReader(f)}


def main(root: Path = ROOT) -> int:
    """Add every committed raw address missing from root/curation/accessed.csv."""
    root = Path(root)
    path = root / "curation" / "accessed.csv"
    rows = read_accessed(path)
    commits = raw_commits(root)
    seen = first_seen(commits, {c: urls_at(root, c) for c, _ in commits})
    added = 0
    for url, (day, commit) in seen.items():
        if url not in rows:
            rows[url] = {"url": url, "accessed": day, "commit": commit}
            added += 1
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[u] for u in sorted(rows))
    print(f"curation/accessed.csv: {len(rows)} addresses, {added} added")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))

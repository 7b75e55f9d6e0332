"""What changed since the last good run: `snapshot` records a data folder's headline
figures (with the days they count), verdicts, claim verdicts and a hash of every cell by
row id; `diff` compares two snapshots; `lines` and `page` say it in words and as an
escaped HTML page."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from seesaw.data.safe import html_text

PAGE_FILE = Path(__file__).with_name("changes.html")
FORMAT = 1
TABLES = ("events", "quotes", "claims")
#: Headline entries that name the method rather than measure the data.
NOT_FIGURES = frozenset({"scheme", "method", "name", "seed", "permutations"})
#: The figures the printed diff names (changes.json holds every one).
SHOWN = (
    "acts_on_kyiv",
    "acts_on_moscow",
    "acts_toward_kyiv",
    "acts_toward_moscow",
    "phases",
    "overtures",
)


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if key not in NOT_FIGURES:
                _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, bool | int | str) or value is None:
        out[prefix] = value
    elif isinstance(value, float):
        out[prefix] = float(f"{value:.6g}")
    else:
        out[prefix] = str(value)


def row_hashes(path: Path) -> dict[str, dict[str, str]]:
    """Per row id, a hash of each column's text as `rawfile.read_text` reads it (so a BOM,
    CRLF or decomposed accents change no hash)."""
    from seesaw.data.rawfile import read_text

    if not path.is_file():
        return {}
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    return {
        str(row.get("id", "")): {
            str(col): hashlib.sha256((val or "").encode("utf-8")).hexdigest()[:16]
            for col, val in row.items()
            if col
        }
        for row in reader
    }


def snapshot(data_dir: Path, fingerprint: str = "") -> dict[str, Any]:
    """The figures, verdicts, claim verdicts and row hashes of the data in `data_dir`."""
    from seesaw.analysis import verdicts
    from seesaw.analysis.claims import evaluate
    from seesaw.analysis.headline import headline
    from seesaw.analysis.masks import select_events, track_rows, window_span
    from seesaw.data.load import load_dataset
    from seesaw.data.vocab import ANALYSIS_START

    data = load_dataset(data_dir)
    figures: dict[str, Any] = {}
    _flatten(
        "", headline(select_events(data.events, ANALYSIS_START)).as_dict(), figures
    )
    # The headline counts the whole span from the inauguration (the 02_timeline's),
    # not the article's window that `seesaw stats` counts: the days are kept with it.
    first, last = window_span(track_rows(data.events), ANALYSIS_START, None)
    found = verdicts.verdicts(data.events)
    verdict = {
        f"{when}{test} verdict": block[test]["verdict"]
        for when, block in (("", found), ("holdout ", found.get("holdout")))
        if block
        for test in ("alternation", "overtures")
    }
    ledger = evaluate(data.claims, data.events, data.quotes, stability=False)
    return {
        "format": FORMAT,
        "fingerprint": fingerprint,
        "figures": figures,
        "figures_span": f"{first:%Y-%m-%d}..{last:%Y-%m-%d}",
        "verdicts": verdict,
        "claims": {str(r.id): str(r.verdict) for r in ledger.itertuples(index=False)},
        "rows": {t: row_hashes(data_dir / f"{t}.csv") for t in TABLES},
    }


def damage(found: Any) -> str:
    """What is wrong with a stored snapshot ("" when `diff` can use it); one of an older
    format is fine (`diff` treats it as no earlier run)."""
    if not isinstance(found, dict):
        return "not a JSON object"
    if found.get("format") != FORMAT:
        return ""
    for name in ("figures", "verdicts", "claims", "rows"):
        if not isinstance(found.get(name), dict):
            return f"'{name}' is not an object"
    for table, rows in found["rows"].items():
        if not isinstance(rows, dict) or not all(
            isinstance(r, dict) for r in rows.values()
        ):
            return f"the rows of '{table}' are not objects"
    return ""


def _id_key(value: str) -> tuple[str, int, str]:
    m = re.fullmatch(r"([A-Za-z]*)(\d+)(.*)", value)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (value, -1, "")


def id_ranges(ids: Sequence[str]) -> str:
    """'E0366-E0371, E0400': consecutive ids joined into ranges."""
    parts: list[list[str]] = []
    last: tuple[str, int, str] | None = None
    for value in sorted(ids, key=_id_key):
        key = _id_key(value)
        if last and not key[2] and not last[2] and key[:2] == (last[0], last[1] + 1):
            parts[-1].append(value)
        else:
            parts.append([value])
        last = key
    return ", ".join(p[0] if len(p) == 1 else f"{p[0]}-{p[-1]}" for p in parts)


def _pairs(
    old: Mapping[str, Any], new: Mapping[str, Any], kind: str
) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "name": name, "old": old.get(name), "new": new.get(name)}
        for name in sorted(set(old) | set(new))
        if old.get(name) != new.get(name)
    ]


def diff(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """What moved between two snapshots (None: no earlier good run to compare with)."""
    if old is None or old.get("format") != FORMAT:
        return {"first_run": True, "findings": [], "claims": [], "data": {}}
    data: dict[str, Any] = {}
    for table in TABLES:
        before = old["rows"].get(table, {})
        after = new["rows"].get(table, {})
        changed = {
            rid: sorted(
                col
                for col in set(before[rid]) | set(after[rid])
                if before[rid].get(col) != after[rid].get(col)
            )
            for rid in sorted(set(before) & set(after), key=_id_key)
            if before[rid] != after[rid]
        }
        data[table] = {
            "before": len(before),
            "after": len(after),
            "added": sorted(set(after) - set(before), key=_id_key),
            "removed": sorted(set(before) - set(after), key=_id_key),
            "changed": changed,
        }
    return {
        "first_run": False,
        "figures_span": _span_label(old.get("figures_span"), new.get("figures_span")),
        "findings": _pairs(old["verdicts"], new["verdicts"], "verdict")
        + _pairs(old["figures"], new["figures"], "figure"),
        "claims": _pairs(old["claims"], new["claims"], "claim"),
        "data": data,
    }


def _span_label(old: Any, new: Any) -> str:
    """The days the headline figures count, as 'first..last' ('old -> new' when the two
    runs counted different days; "" when neither snapshot records them)."""
    if not new and not old:
        return ""
    if old and new and old != new:
        return f"{old} -> {new}"
    return str(new or old)


def _value(value: Any) -> str:
    return "(none)" if value is None else str(value)


def lines(change: Mapping[str, Any]) -> list[str]:
    """The diff in short lines, verdicts first, then claims, then the data."""
    if change["first_run"]:
        return ["no earlier good run to compare with: this run is the baseline"]
    shown = [
        f for f in change["findings"] if f["kind"] == "verdict" or f["name"] in SHOWN
    ]
    span = change.get("figures_span") or ""
    days = {"verdict": "", "figure": span and f" ({span})"}
    out = [
        f"{f['name']}{days[f['kind']]}: {_value(f['old'])} -> {_value(f['new'])}"
        for f in shown
    ]
    more = len(change["findings"]) - len(shown)
    if more:
        out.append(
            f"and {more} more figures{days['figure']} (changes.json lists every one)"
        )
    out += [
        f"claim {c['name']}: {_value(c['old'])} -> {_value(c['new'])}"
        for c in change["claims"]
    ]
    for table, d in change["data"].items():
        bits = [
            f"{sign}{len(ids)}: {id_ranges(ids)}"
            for sign, ids in (("+", d["added"]), ("-", d["removed"]))
            if ids
        ]
        if bits:
            out.append(f"{table} {d['before']} -> {d['after']} ({'; '.join(bits)})")
        for rid, cols in d["changed"].items():
            out.append(f"{table} {rid} changed: {', '.join(cols)}")
    return out or [
        "the data's findings are unchanged since the last good run (its figures, verdicts and claims at the default settings, whatever -p a run is given)"
    ]


def page(change: Mapping[str, Any], generated: str = "") -> str:
    """The diff as a standalone HTML page of the report."""
    items = "\n".join(f"    <li>{html_text(line)}</li>" for line in lines(change))
    page = string.Template(PAGE_FILE.read_text("utf-8"))
    return page.substitute(items=items, generated=html_text(generated))

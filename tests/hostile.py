"""A hostile copy of the data: every text column carries markup payloads, still valid data.

`write_hostile(src, dst)` copies events.csv, quotes.csv and claims.csv from `src` and
puts a payload into every free-text column (and a harmless-but-hostile-looking tail on
every URL), keeping every coded column, id, date and link as it is, so the analysis
runs exactly as on the real data. A speaker's payload is the same on every row, and the
claims' `quote_exists` parameters name the same payload, so a claim's reasoning carries
data text (a speaker and an outlet) into the report.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pandas as pd

from seesaw.data import vocab

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(2)>open me</details>",
    '<iframe srcdoc="<script>alert(3)</script>"></iframe>',
    "[click](javascript:alert(4))",
    "<script>alert(5)</script>",
    "<svg onload=alert(6)><circle r=9></circle></svg>",
    '<a href="javascript:alert(7)">link</a>',
    "<javascript:alert(8)>",
    "![img](javascript:alert(9))",
    '"><img src=x onerror=alert(10)>',
    "<body onload=alert(11)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
    '=HYPERLINK("javascript:alert(13)","x")',
    "*em* _em_ `code` # not a heading | a | b |",
)

TEXT_COLUMNS = {
    "events": ("actor_detail", "summary", "source_outlet", "notes"),
    "quotes": ("speaker", "quote", "context", "source_outlet", "notes"),
    "claims": ("claim", "notes"),
}
URL_COLUMNS = {
    "events": ("source_url", "alt_source_url"),
    "quotes": ("source_url",),
    "claims": (),
}
URL_TAIL = "#'onmouseover=alert(14)//javascript:alert(15)"
LIMITS = {"summary": vocab.SUMMARY_MAX, "context": vocab.SUMMARY_MAX, "claim": 300}


def payload_for(value: str, column: str) -> str:
    """The payload a value gets: fixed per (column, value), so equal values stay equal."""
    return PAYLOADS[zlib.crc32(f"{column}:{value}".encode()) % len(PAYLOADS)]


def _hostile_text(value: str, column: str) -> str:
    payload = payload_for(value, column)
    if column == "quote":
        # Keep the words (a claim may look for them), the payload after them.
        room = vocab.QUOTE_MAX - len(payload) - 1
        return f"{value[:room]} {payload}"
    if column == "speaker":
        return f"{payload} {value}"
    text = f"{payload} {value}" if value else payload
    return text[: LIMITS.get(column, 10_000)].strip()


def write_hostile(src: Path, dst: Path) -> Path:
    """Write the hostile copy of the tables in `src` into `dst`; return `dst`."""
    dst.mkdir(parents=True, exist_ok=True)
    speakers: dict[str, str] = {}
    for table in ("events", "quotes", "claims"):
        frame = pd.read_csv(
            src / f"{table}.csv", dtype=str, keep_default_na=False, na_filter=False
        )
        for column in TEXT_COLUMNS[table]:
            new = [_hostile_text(v, column) for v in frame[column]]
            if column == "speaker":
                speakers = dict(zip(frame[column], new, strict=True))
            frame[column] = new
        for column in URL_COLUMNS[table]:
            frame[column] = [v + URL_TAIL if v else v for v in frame[column]]
        if table == "claims":
            params = []
            for text in frame["params"]:
                p = json.loads(text)
                if "speaker" in p:
                    p["speaker"] = speakers.get(p["speaker"], p["speaker"])
                params.append(json.dumps(p))
            frame["params"] = params
        frame.to_csv(dst / f"{table}.csv", index=False, lineterminator="\n")
    return dst

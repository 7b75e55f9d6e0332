"""A Frictionless Data Package for the data folder (`data/datapackage.json`), generated
from the pandera schemas of `seesaw.data.schema` by `seesaw datapackage`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandera.pandas as pa

from seesaw.data import schema

TITLE = "seesaw: US pressure on Kyiv and Moscow, and Moscow's overtures (2025-2026)"
DESCRIPTIONS = {
    "events": "One row per act: who did what to whom, when, whose position it pushes on, and its source page.",
    "quotes": "Words around the acts, verbatim as printed in the cited page.",
    "claims": "The source article's testable claims, each with the check that tests it.",
}
#: Self-references and cross-references between the tables.
FOREIGN_KEYS = {
    "events": [
        {"fields": "reverses", "reference": {"resource": "", "fields": "id"}},
        {"fields": "responds_to", "reference": {"resource": "", "fields": "id"}},
    ],
    "quotes": [
        {"fields": "event_id", "reference": {"resource": "events", "fields": "id"}}
    ],
}


def _field(name: str, column: pa.Column) -> dict[str, Any]:
    meta = column.metadata or {}
    kind = str(meta.get("type", "text"))
    field: dict[str, Any] = {"name": name, "description": column.description or ""}
    constraints: dict[str, Any] = {}
    if meta.get("required"):
        constraints["required"] = True
    if kind.startswith("date"):
        field.update(type="date", format="%Y-%m-%d")
    elif kind.startswith("boolean"):
        field.update(type="boolean", trueValues=["true"], falseValues=["false"])
    elif kind == "JSON object":
        field.update(type="object")
    else:
        field["type"] = "string"
        if kind.startswith("URL"):
            field["format"] = "uri"
        if kind == "category":
            constraints["enum"] = list(meta["allowed"])
        if "pattern" in meta:
            constraints["pattern"] = meta["pattern"].removeprefix("^").removesuffix("$")
        if meta.get("max_len"):
            constraints["maxLength"] = int(meta["max_len"])
    if kind == "id":
        constraints["unique"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def descriptor() -> dict[str, Any]:
    """The Data Package descriptor, from the schemas (dates are not bounded by today here:
    `seesaw validate` checks that)."""
    resources = []
    for name, make in schema.SCHEMAS.items():
        model = make(dt.date(2100, 1, 1))
        table_schema: dict[str, Any] = {
            "fields": [_field(col, column) for col, column in model.columns.items()],
            "primaryKey": ["id"],
            "missingValues": [""],
        }
        if name in FOREIGN_KEYS:
            table_schema["foreignKeys"] = FOREIGN_KEYS[name]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": DESCRIPTIONS[name],
                "schema": table_schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "seesaw",
        "title": TITLE,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "resources": resources,
    }


def render() -> str:
    """The descriptor as the committed file's text."""
    return json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"

"""Notebooks 02, 03 and 04 on either track: the prose names the track's own sides.

Every side name in those notebooks' words comes from the track (`seesaw.text.words.
track_words`), so a run with `-p track gaza` must speak of Israel and Hamas and never of
Moscow or Kyiv, while the default run still speaks of Moscow and Kyiv.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import papermill
import pytest

from seesaw import paths
from tests.outputs import output_text

NOTEBOOKS = ("02_timeline.ipynb", "03_alternation.ipynb", "04_moscow_timing.ipynb")
#: Words of the Ukraine track that Gaza's prose must not contain (whole words).
FEWER = {"03_alternation.ipynb": {"permutations": 999}}
UKRAINE_WORDS = ("Moscow", "Kyiv", "Putin", "Zelensky", "Russia", "Russian")


def prose(notebook: dict[str, Any]) -> str:
    """What a reader sees: Markdown cells, and each output's printed lines, Markdown
    and chart words (`tests.outputs.output_text`); code is not prose."""
    out: list[str] = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            out.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            out += output_text(output)
    return "\n".join(out)


def named(words: tuple[str, ...], text: str) -> set[str]:
    return {w for w in words if re.search(rf"\b{w}\b", text)}


def run(name: str, track: str, folder: Path) -> str:
    out = folder / f"{track}_{name}"
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / name),
        str(out),
        # fewer label shuffles in 03 (its verdict rests on the exact spells test);
        # 04 keeps its default draws, which its placebo-against-exact check needs
        parameters={"track": track, **FEWER.get(name, {})},
        cwd=str(paths.NOTEBOOKS),
        progress_bar=False,
    )
    return prose(json.loads(out.read_text(encoding="utf-8")))


@pytest.mark.slow  # measured: about a minute per track (three notebooks)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_gaza_prose_names_israel_and_hamas_and_no_ukraine_side(
    name: str, tmp_path: Path
) -> None:
    text = run(name, "gaza", tmp_path)
    assert named(("Israel", "Hamas"), text) == {"Israel", "Hamas"}
    assert named(UKRAINE_WORDS, text) == set(), name


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_default_track_still_names_moscow_and_kyiv(
    name: str, tmp_path: Path
) -> None:
    text = run(name, "ukraine", tmp_path)
    assert named(("Moscow", "Kyiv"), text) == {"Moscow", "Kyiv"}
    assert named(("Israel", "Hamas"), text) == set(), name


def test_prose_reads_markdown_outputs_and_chart_words_but_not_code() -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Kyiv"]},
            {
                "cell_type": "code",
                "source": ["print('Moscow')"],
                "outputs": [
                    {"output_type": "stream", "text": ["Hamas\n"]},
                    {
                        "output_type": "display_data",
                        "data": {"text/markdown": "Israel"},
                    },
                    {
                        "output_type": "display_data",
                        "data": {
                            "application/vnd.plotly.v1+json": {
                                "layout": {
                                    "title": {"text": "Gaza"},
                                    "meta": {"alt": "Doha"},
                                }
                            }
                        },
                    },
                ],
            },
        ]
    }
    text = prose(notebook)
    assert named(("Kyiv", "Moscow", "Hamas", "Israel"), text) == {
        "Kyiv",
        "Hamas",
        "Israel",
    }
    assert "Gaza" in text and "Doha" in text

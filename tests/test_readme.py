"""The README's bottom line: every figure from the data, between its markers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from seesaw import files, paths
from seesaw.analysis.headline import headline
from seesaw.data.load import load_dataset
from seesaw.text import readme
from tests.conftest import GOOD
from tests.outputs import output_text


@pytest.fixture(scope="module")
def good():
    return load_dataset(GOOD)


def test_bottom_line_by_hand(good) -> None:
    h = headline(good.events)
    block = readme.bottom_line(good.events, good.quotes, h)
    assert block.startswith(readme.BEGIN) and block.endswith(readme.END)
    assert "6 sourced rows, 6 acts from March 2025 to April 2025, and 2 quotes" in block
    assert "article's claims" not in block


def test_claim_verdicts_are_counted(good) -> None:
    h = headline(good.events)
    ledger = pd.DataFrame(
        {
            "id": ["C01", "C02", "C03"],
            "part": ["argument", "fact", "fact"],
            "verdict": ["not supported", "supported", "supported"],
            "stable": [True, True, False],
        }
    )
    block = readme.bottom_line(good.events, good.quotes, h, ledger)
    assert "(3 statements)" in block
    assert "of 2 statements, 2 supported" in block
    assert "of 1 claim, 1 not supported" in block
    assert "**Unstable:** 1 verdict changes" in block and "(C03)" in block


def test_update_replaces_only_the_block() -> None:
    text = f"# Title\n\n{readme.BEGIN}\nold\n{readme.END}\n\nMore.\n"
    new = readme.update(text, f"{readme.BEGIN}\nnew\n{readme.END}")
    assert new == f"# Title\n\n{readme.BEGIN}\nnew\n{readme.END}\n\nMore.\n"
    with pytest.raises(files.MarkerError, match=r"README\.md lacks the markers"):
        readme.update("# no block", "x")


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_the_committed_readme_is_current() -> None:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.block_for(load_dataset(paths.DATA))
    assert readme.update(text, block) == text


def test_the_readme_opens_with_three_plain_sentences() -> None:
    """Words first: the first paragraph after the tagline has three sentences and no
    test statistics; the tagline asks the article's question."""
    from seesaw.paths import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tagline = text.split("\n")[2]
    assert tagline.rstrip("*").split("?")[0] and "?" in tagline
    first = text.split(readme.BEGIN, 1)[1].strip().split("\n\n", 1)[0]
    assert first.count(". ") == 2 and first.endswith(".")
    for figure_word in ("p =", "p-value", "verdict", "%"):
        assert figure_word not in first


def test_plain_words_follow_the_verdicts() -> None:
    found = {
        "window": {"start": "2025-01-20", "end": "2025-10-22", "us_pressure_acts": 9},
        "alternation": {"verdict": "spells"},
        "overtures": {
            "verdict": "follow_pressure",
            "hits": 5,
            "episodes": 6,
            "rate": 0.8,
            "chance": 0.2,
        },
    }
    text = readme.plain_words(found)
    assert "took turns" in text and "five of six did" in text
    found["alternation"] = {"verdict": "no_pattern"}
    found["overtures"] |= {"verdict": "no_pattern", "rate": 0.1}
    text = readme.plain_words(found)
    assert "speak against the regular seesaw" in text
    assert "no more often than random days" in text
    assert "speak against Moscow timing them" in text
    found["alternation"] = {"verdict": "inconclusive"}
    found["overtures"] |= {"verdict": "inconclusive", "rate": 0.6, "chance": 0.45}
    text = readme.plain_words(found)
    assert "the data cannot tell" in text and "speak against" not in text
    assert "can neither show nor rule out" in text


def _outputs_text(notebook: str) -> str:
    """Every Markdown output and chart title and alt text a notebook shows, as text."""
    nb = json.loads((paths.ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    return "\n".join(
        text
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        for text in output_text(out, streams=False)
    )


def test_one_number_everywhere() -> None:
    """The headline figures read the same in the README, the notebooks' headings and
    bottom lines, the chart titles and the alt texts beside the exported figures."""
    from seesaw.analysis import verdicts
    from seesaw.analysis.headline import ANALYSIS_START
    from seesaw.analysis.masks import select_events

    data = load_dataset(paths.DATA)
    h = headline(select_events(data.events, ANALYSIS_START))
    found = verdicts.verdicts(data.events)
    readme_text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    nb02 = _outputs_text("02_timeline.ipynb")
    alt02 = (paths.ROOT / "figures" / "02_timeline.txt").read_text(encoding="utf-8")
    changes = f"changed direction {h.direction_changes} times"
    places = {
        "README": (readme_text, [changes, f"{h.toward_moscow} leaned on Moscow (net"]),
        "02 outputs": (
            nb02,
            [
                changes,
                f"**{h.toward_moscow} leaned on Moscow (net)**",
                f"**{h.toward_kyiv} on Kyiv (net)**",
                f"**{h.phases} phases**",
                f"{h.phases} phases shaded",
            ],
        ),
        "figures/02_timeline.txt": (
            alt02,
            [f"{h.phases} phases", f"{h.toward_moscow} lean on Moscow"],
        ),
    }
    ov = found["overtures"]
    places["README"][1].append(
        f"{readme.in_words(ov['hits'])} times out of {readme.in_words(ov['episodes'])}"
    )
    missing = [
        f"{where}: {phrase!r}"
        for where, (text, phrases) in places.items()
        for phrase in phrases
        if phrase not in text
    ]
    assert not missing, missing
    if h.direction_changes != h.phases - 1:
        wrong = f"changed direction {h.phases - 1} times"
        assert wrong not in readme_text + nb02 + alt02
    # the seesaw picture: its heading is its title, its alt text sits beside it
    seesaw_alt = (paths.ROOT / "figures" / "02_seesaw.txt").read_text(encoding="utf-8")
    acts = select_events(data.events, ANALYSIS_START)
    from seesaw.charts import charts
    from seesaw.data import vocab

    finding = charts.seesaw_finding(acts, ANALYSIS_START, vocab.ARTICLE_END)
    assert nb02.count(finding) >= 2  # the heading and the chart's title
    assert "Labelled episodes" in seesaw_alt and "article's window" in seesaw_alt


def test_after_colon_keeps_names_and_lowers_the_rest() -> None:
    assert (
        readme.after_colon("Pressure on Kyiv came earlier")
        == "pressure on Kyiv came earlier"
    )
    assert (
        readme.after_colon("Too few overtures to tell") == "too few overtures to tell"
    )
    assert (
        readme.after_colon("Russian overtures did not follow")
        == "Russian overtures did not follow"
    )
    assert (
        readme.after_colon("US pressure came in spells") == "US pressure came in spells"
    )

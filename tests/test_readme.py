"""The README's bottom line: every figure from the data, between its markers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from seesaw import files, paths
from seesaw.analysis.headline import headline
from seesaw.data.load import load_dataset, load_episodes
from seesaw.text import answer, readme
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
    assert "of 1 claim, none supported, 1 not supported" in block
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


def test_the_readme_opens_with_the_answer_then_how_we_know() -> None:
    """Words first: the first paragraph after the tagline is the answer, one sentence
    per question (Ukraine, Moscow's timing, and Gaza once its sentence joins), with no
    test statistics; then the lead picture, the methods box, the key episodes, what
    would change our mind, and only then the figures in detail."""
    from seesaw.analysis import verdicts

    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    tagline = text.split("\n")[2]
    assert tagline.rstrip("*").split("?")[0] and "?" in tagline
    block = text.split(readme.BEGIN, 1)[1]
    first = block.strip().split("\n\n", 1)[0]
    found = verdicts.verdicts(load_dataset(paths.DATA).events)
    sentences = answer.answer_sentences(found, gaza="On Gaza ...")
    assert len(sentences) == 3 and first.endswith(".")
    assert first.count(". ") == len(sentences) - 1
    assert first.split(". ")[-1].startswith("On Gaza")
    for figure_word in ("p =", "p-value", "verdict", "%", "power", "test"):
        assert figure_word not in first
    order = [
        "![The seesaw",
        "### How we know",
        "### The key episodes",
        "### What would change our mind",
        "### In figures",
        "| US act | on Kyiv",
    ]
    places = [block.index(h) for h in order]
    assert places == sorted(places)
    # The lead picture is shown once.
    assert text.count("figures/02_seesaw.png") == 1


def test_the_2x2_table_says_its_period(good) -> None:
    """The table covers the whole analysed span, and says so above it."""
    h = headline(good.events)
    block = readme.bottom_line(good.events, good.quotes, h, analysed=good.events)
    first, last = good.events["date"].min(), good.events["date"].max()
    assert f"US acts from {first.day} {first:%B %Y} to {last.day} {last:%B %Y}" in block
    assert f"(the whole span, {h.acts_on_kyiv + h.acts_on_moscow} acts" in block


#: Which side a US act leaned on (net): raised pressure on Moscow or relief for Kyiv
#: leans on Moscow, the other way round on Kyiv; anything else on neither.
LEANED = {
    ("moscow", "raise"): "Moscow",
    ("kyiv", "relieve"): "Moscow",
    ("kyiv", "raise"): "Kyiv",
    ("moscow", "relieve"): "Kyiv",
}


def test_the_key_episodes_come_from_their_rows() -> None:
    """Each episode's date, side and source are its row's; the list is checked."""
    data = load_dataset(paths.DATA)
    episodes = load_episodes(paths.DATA / "episodes.csv", data.events)
    assert 8 <= len(episodes) <= 12
    lines = readme.episode_table(episodes, data.events)
    rows = data.events.set_index("id")
    body = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert len(body) == len(episodes)
    for line, ep in zip(body, episodes.itertuples(index=False)):
        row = rows.loc[ep.id]
        assert line.startswith(f"| {row['date'].day} {row['date']:%b %Y} |")
        side = LEANED.get((str(row["pressure_on"]), str(row["effect"])), "neither")
        assert f"| {side} |" in line
        assert row["source_url"].split("//", 1)[1][:20] in line


def test_episode_list_is_validated(tmp_path, good) -> None:
    from seesaw.data.rawfile import DataError

    path = tmp_path / "episodes.csv"
    path.write_text("id,label\nE9999,Nothing\nE0001,\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_episodes(path, good.events)
    report = str(err.value)
    assert "episodes.csv:2: column 'id': no event with this id (got 'E9999')" in report
    assert "episodes.csv:3: column 'label': empty label" in report
    ident = str(good.events["id"].iloc[0])
    path.write_text(f"id,label\n{ident},One\n", encoding="utf-8")
    with pytest.raises(
        DataError, match="holds 1 episodes; the README's table wants 8 to 12"
    ):
        load_episodes(path, good.events)


def _found(hits: int, episodes: int, chance: float) -> dict:
    return {
        "window": {"start": "2025-01-20", "end": "2025-10-22", "us_pressure_acts": 9},
        "alternation": {"verdict": "inconclusive", "power": 0.2, "mde": "it misses"},
        "overtures": {
            "verdict": "inconclusive",
            "hits": hits,
            "episodes": episodes,
            "rate": hits / episodes,
            "chance": chance,
            "coincidence_days": 3,
        },
    }


def test_what_would_change_our_mind_is_computed() -> None:
    """How many more hits would flip the timing verdict follows the exact binomial
    threshold; the turn-taking line states the power; unstable claims are named."""
    from seesaw.analysis.power import timing_hits_needed

    need = timing_hits_needed(10, 0.45)
    assert need is not None
    ledger = pd.DataFrame(
        {
            "id": ["C01", "C02"],
            "claim": ["The seesaw swung.", "A summit happened."],
            "verdict": ["inconclusive", "supported"],
            "stable": [True, False],
        }
    )
    lines = "\n".join(readme.change_our_mind(_found(6, 10, 0.45), ledger))
    assert f"{readme.in_words(need - 6)} more of the ten overture episodes" in lines
    assert "a power of 20%: it misses" in lines
    assert "C02 (A summit happened" in lines and "C01" not in lines
    assert "unstable** when its verdict changes at half or double the window" in lines
    few = "\n".join(readme.change_our_mind(_found(1, 2, 0.45), None))
    assert "no count of them could beat chance" in few
    found = _found(6, 10, 0.45)
    found["alternation"] |= {"verdict": "spells", "p_value": 0.01}
    spells = "\n".join(readme.change_our_mind(found, None))
    assert "found a pattern (p = 0.010)" in spells and "found nothing" not in spells


def test_unstable_means_one_thing() -> None:
    """The claims ledger, the README and the verdict grid say "unstable" one way."""
    from seesaw.charts.charts_claims import UNSTABLE_LEGEND
    from seesaw.data.vocab import UNSTABLE_MEANS
    from seesaw.text.ledger import bottom_line

    ledger = pd.DataFrame(
        {"id": ["C01"], "part": ["fact"], "verdict": ["supported"], "stable": [False]}
    )
    tail = UNSTABLE_MEANS.removeprefix("its verdict changes ")
    assert tail in bottom_line(ledger)
    assert tail in UNSTABLE_LEGEND


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
    from seesaw.analysis.masks import select_events
    from seesaw.data.vocab import ANALYSIS_START

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
    from seesaw.charts import charts_seesaw
    from seesaw.data import vocab

    finding = charts_seesaw.seesaw_finding(acts, ANALYSIS_START, vocab.ARTICLE_END)
    assert nb02.count(finding) >= 2  # the heading and the chart's title
    assert "Labelled episodes" in seesaw_alt and "article's window" in seesaw_alt


def test_the_committed_answer_ends_with_the_computed_gaza_sentence() -> None:
    """The README's answer carries Gaza's sentence, computed from the contrast."""
    from seesaw import paths
    from seesaw.analysis.contrast import contrast
    from seesaw.data.load import load_dataset
    from seesaw.text.contrast import gaza_sentence

    data = load_dataset(paths.DATA)
    sentence = gaza_sentence(contrast(data.events, power_runs=100))
    assert sentence.startswith("On Gaza")
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    answer = text.split("<!-- BEGIN GENERATED BOTTOM LINE", 1)[1].split("![", 1)[0]
    # The sequence half does not depend on the simulation's size; the README's does.
    assert sentence.split(";")[0] in answer


def test_the_holdout_coverage_word_is_computed() -> None:
    """The README names the holdout's coverage with `words.coverage_change` (rows per
    30 days), never a typed word; with the holdout's rows halved it says thinner."""
    import copy

    from seesaw.analysis import verdicts
    from seesaw.text.words import coverage_change

    found = verdicts.verdicts(load_dataset(paths.DATA).events)
    word = coverage_change(found["window"], found["holdout"]["window"])
    assert f"the holdout; {word}: " in "\n".join(readme._verdict_lines(found))
    thin = copy.deepcopy(found)
    thin["holdout"]["window"]["events"] //= 2
    line = "\n".join(readme._verdict_lines(thin))
    assert "thinner coverage: " in line and "similar coverage" not in line


def _two_by_two(
    raise_moscow: int, relieve_moscow: int, relieve_kyiv: int
) -> pd.DataFrame:
    table = pd.DataFrame(
        [[0, raise_moscow], [relieve_kyiv, relieve_moscow]],
        index=pd.Index(["raised pressure", "relief"], name="US act"),
        columns=pd.Index(["on Kyiv", "on Moscow"], name="target"),
    )
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum()
    return table


def test_the_moscow_heading_says_but_only_when_fewer_leaned_on_moscow() -> None:
    fewer = readme.moscow_counts_heading(_two_by_two(10, 5, 2))
    assert fewer == (
        "15 US acts targeted Moscow, but only 12 leaned on Moscow (net): 5 of those on "
        "Moscow were relief"
    )
    more = readme.moscow_counts_heading(_two_by_two(10, 2, 5))
    assert more.startswith("12 US acts targeted Moscow, and 15 leaned on Moscow (net)")
    same = readme.moscow_counts_heading(_two_by_two(10, 3, 3))
    assert same.startswith("13 US acts targeted Moscow, and 13 leaned on Moscow (net)")


def test_the_moscow_heading_reads_the_real_table() -> None:
    table = readme.pressure_table(load_dataset(paths.DATA).events)
    on_moscow = int(table.loc["total", "on Moscow"])
    assert readme.moscow_counts_heading(table).startswith(
        f"{on_moscow} US acts targeted Moscow, "
    )

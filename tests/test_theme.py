"""The house style: palette, template, label text and the finished look of a chart."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from hypothesis import given
from hypothesis import strategies as st

from seesaw.charts import theme
from seesaw.data import vocab


def reference_wrap(text: str, width: int = 70) -> str:
    """The hand-written wrap `theme.wrap` replaced (kept to prove them identical)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines)


def test_wrap_by_hand() -> None:
    assert theme.wrap("one two three four", 9) == "one two<br>three<br>four"
    # Never inside a word, never at a hyphen; whitespace runs count as one space.
    assert theme.wrap("a extraordinarily-long word", 5) == (
        "a<br>extraordinarily-long<br>word"
    )
    assert theme.wrap("  a \n\t b  ", 70) == "a b"
    assert theme.wrap("", 70) == ""


@given(
    st.text(alphabet=st.sampled_from("ab- \n\t\u00a0é"), max_size=200),
    st.integers(1, 100),
)
def test_wrap_matches_the_hand_written_one(text: str, width: int) -> None:
    assert theme.wrap(text, width) == reference_wrap(text, width)


def test_escape_handles_markup_and_missing_values() -> None:
    assert theme.escape("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert theme.escape(None) == "" and theme.escape(float("nan")) == ""
    assert theme.escape(3) == "3"


def test_every_category_has_its_colour() -> None:
    assert set(theme.ACTOR_COLOURS) == set(vocab.ACTORS)
    assert set(theme.MODE_COLOURS) == set(vocab.MODES)
    assert set(theme.SIDE_COLOURS) == set(vocab.PRESSURE_TARGETS)
    assert theme.KYIV == theme.BLUE and theme.MOSCOW == theme.VERMILLION


def test_register_theme_makes_it_the_default() -> None:
    pio.templates.default = "plotly"
    theme.register_theme()
    assert pio.templates.default == theme.THEME
    assert pio.templates[theme.THEME].layout.font.family == theme.FONT
    pio.templates.default = "plotly"
    theme.register_theme()  # a second call only restores the default
    assert pio.templates.default == theme.THEME


def test_finish_sets_title_source_and_metadata() -> None:
    fig = theme.finish(
        go.Figure(), slug="x_test", title="A <finding>", alt="Alt.", xaxis_title="Day"
    )
    assert fig.layout.title.text == "A &lt;finding&gt;"
    assert fig.layout.meta == {"slug": "x_test", "alt": "Alt."}
    assert fig.layout.xaxis.title.text == "Day"
    assert [a.text for a in fig.layout.annotations] == [theme.escape(theme.SOURCE)]


def test_titles_sit_inside_the_image_with_a_margin() -> None:
    """The exported PNGs clipped their titles' first line and first letter."""
    fig = theme.finish(go.Figure(), slug="x_test", title="A finding", alt="Alt.")
    title = fig.layout.title
    assert (title.xref, title.yref) == ("container", "container")
    assert (title.x, title.xanchor, title.y, title.yanchor) == (0, "left", 1, "top")
    assert title.pad.t >= 16 and title.pad.l >= 16


# The smallest colour difference (CAM02-UCS) two categories of one chart may keep
# after simulating a colour-vision deficiency; about ten times a just-noticeable step.
MIN_CVD_DISTANCE = 10.0


def _simulated_distance(a: str, b: str, cvd: str) -> float:
    import numpy as np
    from colorspacious import cspace_convert

    space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
    seen = [
        np.clip(cspace_convert(np.array(_rgb(c)), space, "sRGB1"), 0, 1) for c in (a, b)
    ]
    ucs = [cspace_convert(s, "sRGB1", "CAM02-UCS") for s in seen]
    return float(np.linalg.norm(ucs[0] - ucs[1]))


def _rgb(colour: str) -> list[float]:
    return [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]


@pytest.mark.parametrize("cvd", ["protanomaly", "deuteranomaly", "tritanomaly"])
@pytest.mark.parametrize("chart", sorted(theme.CHART_PALETTES))
def test_no_two_categories_collapse_under_colour_blindness(
    chart: str, cvd: str
) -> None:
    """Full protanopia, deuteranopia and tritanopia (severity 100) keep every pair apart."""
    palette = theme.CHART_PALETTES[chart]
    names = sorted(palette)
    close = [
        (a, b, round(_simulated_distance(palette[a], palette[b], cvd), 1))
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if _simulated_distance(palette[a], palette[b], cvd) < MIN_CVD_DISTANCE
    ]
    assert not close, f"{chart} under {cvd}: {close}"


def test_the_distance_test_can_fail() -> None:
    """Red and green collapse for a deuteranope; the test must see it."""
    assert _simulated_distance("#D55E00", "#009E73", "deuteranomaly") < 25
    assert _simulated_distance("#D55E00", "#C65A10", "deuteranomaly") < MIN_CVD_DISTANCE


def test_actors_never_wear_the_pressure_targets_colours() -> None:
    targets = {theme.KYIV, theme.MOSCOW}
    assert not targets & set(theme.ACTOR_COLOURS.values())

"""The house style of every chart: the Okabe-Ito palette (colour-blind safe, fixed per
category: Kyiv blue, Moscow vermilion), the plotly template, label text and `finish`
(the finding as title, the source line, export metadata)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from seesaw.data import vocab
from seesaw.data.safe import html_text

# Okabe-Ito palette.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

KYIV = BLUE
MOSCOW = VERMILLION

#: The Gaza track's sides take their actors' colours (Israel orange, Hamas yellow).
SIDE_COLOURS: Mapping[str, str] = {
    "kyiv": KYIV,
    "moscow": MOSCOW,
    "israel": ORANGE,
    "hamas": YELLOW,
    "none": GREY,
}
# Darker and lighter steps of Okabe-Ito hues, for where the eight hues run out.
DARK_GREEN = "#00573F"
OLIVE = "#8A7F00"
LIGHT_GREY = "#CFCFCF"

#: Actors never take Kyiv's blue or Moscow's vermilion: those mean pressure targets.
ACTOR_COLOURS: Mapping[str, str] = {
    "us": BLACK,
    "russia": PURPLE,
    "ukraine": SKY,
    "europe": GREEN,
    "israel": ORANGE,
    "hamas": YELLOW,
    "qatar": DARK_GREEN,
    "egypt": OLIVE,
    "other": LIGHT_GREY,
}
MODE_COLOURS: Mapping[str, str] = {
    "verbal": ORANGE,
    "threat": GREEN,
    "material": BLACK,
}
#: The rows of the two-track strip chart (05): targets keep their colours, actors theirs.
TRACK_COLOURS: Mapping[str, str] = {
    "US on Kyiv": KYIV,
    "US on Moscow": MOSCOW,
    "Russia": ACTOR_COLOURS["russia"],
    "Ukraine": ACTOR_COLOURS["ukraine"],
    "Europe": ACTOR_COLOURS["europe"],
    "Gaza track": ACTOR_COLOURS["israel"],
    "US, neither": BLACK,
    "other": LIGHT_GREY,
}
#: The columns of the levers chart (05).
LEVER_COLOURS: Mapping[str, str] = {
    "Ukraine: on Moscow": MOSCOW,
    "Ukraine: on Kyiv": KYIV,
    "Gaza": ACTOR_COLOURS["israel"],
}

#: Every set of categories one chart colours, for the colour-blindness test.
CHART_PALETTES: Mapping[str, Mapping[str, str]] = {
    "actors (01_coverage_by_month)": ACTOR_COLOURS,
    "pressure targets (01_kinds, 02)": SIDE_COLOURS,
    "modes (02_timeline)": MODE_COLOURS,
    "tracks (05_tracks)": TRACK_COLOURS,
    "levers (05_levers)": LEVER_COLOURS,
}
assert set(ACTOR_COLOURS) == set(vocab.ACTORS)
assert set(MODE_COLOURS) == set(vocab.MODES)
assert set(SIDE_COLOURS) == set(vocab.PRESSURE_TARGETS)

THEME = "seesaw"
FONT = "Helvetica Neue, Helvetica, Arial, sans-serif"
SOURCE = "Source: seesaw dataset, hand-curated from dated news pages (data/events.csv)"


#: Where every title sits: from the top-left corner of the image, padded inside it, so
#: no exported PNG or SVG clips its first line or its first letter.
TITLE_POSITION: Mapping[str, Any] = MappingProxyType(
    {
        "x": 0.0,
        "xref": "container",
        "xanchor": "left",
        "y": 1.0,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": 22, "l": 22},
    }
)


def register_theme() -> None:
    """Register the shared plotly template (once) and make it the default."""
    if THEME not in pio.templates:
        template = go.layout.Template(pio.templates["simple_white"])
        template.layout.update(
            font={"family": FONT, "size": 13, "color": "#222222"},
            title={**TITLE_POSITION, "font": {"size": 17}},
            margin={"l": 80, "r": 30, "t": 120, "b": 100},
            hoverlabel={"align": "left", "font": {"family": FONT}},
            legend={
                "orientation": "h",
                "y": 1.02,
                "yanchor": "bottom",
                "x": 0,
                "title": {"text": ""},
            },
            colorway=[BLACK, ORANGE, SKY, GREEN, BLUE, VERMILLION, PURPLE, YELLOW],
        )
        pio.templates[THEME] = template
    if pio.templates.default != THEME:  # setting it validates the template anew
        pio.templates.default = THEME


def escape(text: object) -> str:
    """User text made safe for plotly's labels (`safe.html_text`; NA becomes empty)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):  # type: ignore[arg-type]
        return ""
    return html_text(text)


def _lines(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken at spaces only (never
    inside a word or at a hyphen); runs of whitespace count as one space."""
    return textwrap.wrap(
        " ".join(text.split()), width, break_long_words=False, break_on_hyphens=False
    )


def wrap(text: str, width: int = 70) -> str:
    """Escaped text wrapped with <br> so hover boxes stay narrow."""
    return "<br>".join(_lines(text, width))


def title_text(title: str, width: int = 90) -> str:
    """A chart title as plotly shows it: wrapped before escaping (an entity such as
    &#39; counts as the one character it shows), lines joined by <br>."""
    return "<br>".join(escape(line) for line in _lines(str(title), width))


def finish(
    fig: go.Figure,
    *,
    slug: str,
    title: str,
    alt: str,
    source: str = SOURCE,
    source_shift: int = -62,
    **layout: Any,
) -> go.Figure:
    """Apply the theme, the finding as title, export metadata, any other `layout`
    (`xaxis_title=...`) and the source line, `source_shift` pixels below the plot (a
    newline in it starts a line)."""
    register_theme()
    fig.update_layout(
        template=THEME,
        title={**TITLE_POSITION, "text": title_text(title)},
        meta={"slug": slug, "alt": alt},
        **layout,
    )
    fig.add_annotation(
        text="<br>".join(escape(line) for line in source.split("\n")),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=source_shift,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": "#555555"},
    )
    return fig

"""The house style: palette, template, label text and the finished look of a chart."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from seesaw import charts, theme, vocab


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
        go.Figure(), slug="x_test", title="A <finding>", alt="Alt.", x_title="Day"
    )
    assert fig.layout.title.text == "A &lt;finding&gt;"
    assert fig.layout.meta == {"slug": "x_test", "alt": "Alt."}
    assert fig.layout.xaxis.title.text == "Day"
    assert [a.text for a in fig.layout.annotations] == [theme.escape(theme.SOURCE)]


def test_charts_still_offers_the_theme() -> None:
    assert charts.finish is theme.finish and charts.KYIV == theme.KYIV
    assert charts.wrap is theme.wrap and charts.escape is theme.escape

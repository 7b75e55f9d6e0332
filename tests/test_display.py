"""Notebook display set-up: the renderer, the theme and the PNG setting."""

from __future__ import annotations

import plotly.io as pio
import pytest

from seesaw import paths
from seesaw.charts import theme
from seesaw.publish import display, images


@pytest.mark.parametrize(
    ("setting", "inline"), [(None, True), ("inline", True), ("batch", False)]
)
def test_png_inline_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, inline: bool
) -> None:
    if setting is None:
        monkeypatch.delenv(paths.PNG_ENV, raising=False)
    else:
        monkeypatch.setenv(paths.PNG_ENV, setting)
    assert display.png_inline() is inline


def test_start_without_png_pins_the_json_renderer_and_the_theme() -> None:
    before = pio.renderers.default
    try:
        display.start(png=False)
        assert pio.renderers.default == "plotly_mimetype"
        assert pio.templates.default == theme.THEME
        assert pio.renderers["png"].width == display.PNG_WIDTH == images.DEFAULT_WIDTH
        display.stop()  # no server was started: nothing to stop
        assert not display._SERVER.running
    finally:
        pio.renderers.default = before


def test_start_follows_the_batch_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.PNG_ENV, "batch")
    before = pio.renderers.default
    try:
        display.start()
        assert pio.renderers.default == "plotly_mimetype"
        assert not display._SERVER.running
    finally:
        pio.renderers.default = before

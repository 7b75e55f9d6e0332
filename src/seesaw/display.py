"""Notebook display set-up: a deterministic plotly renderer and one kaleido server.

`plotly_mimetype+png` stores each chart as plotly JSON (deterministic, checked by strict
nbval) plus a PNG that GitHub can show. One kaleido browser serves every PNG of a
notebook: `start()` in the first cell, `stop()` in the last.
"""

from __future__ import annotations

import warnings

import pandas as pd
import plotly.io as pio

from seesaw import charts

RENDERER = "plotly_mimetype+png"
PNG_WIDTH = 900
PNG_HEIGHT = 500

_server_started = False


def start(png: bool = True) -> None:
    """Pin the renderer and theme; start one kaleido server when PNGs are wanted."""
    global _server_started
    charts.register_theme()
    pio.renderers.default = RENDERER if png else "plotly_mimetype"
    pio.renderers["png"].width = PNG_WIDTH
    pio.renderers["png"].height = PNG_HEIGHT
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 120)
    warnings.filterwarnings("ignore", message="The kopts argument is ignored")
    if png and not _server_started:
        import kaleido

        kaleido.start_sync_server(silence_warnings=True, mathjax=False)
        _server_started = True


def stop() -> None:
    """Stop the kaleido server started by `start()`."""
    global _server_started
    if _server_started:
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)
        _server_started = False

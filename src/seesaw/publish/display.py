"""Notebook display set-up: a deterministic plotly renderer and one kaleido server.

`plotly_mimetype+png` stores each chart as plotly JSON (deterministic, checked by strict
nbval) plus a PNG that GitHub can show. One kaleido browser serves every PNG of a
notebook: `start()` in the first cell, `stop()` in the last.

Under `seesaw run` (and `make test`) the environment sets `SEESAW_PNG=batch`: the
kernels emit the plotly JSON only and the runner adds every notebook's PNGs afterwards
in one kaleido batch for the whole run, the same renders it writes to `figures/`.
That starts one browser per run instead of one per notebook. nbval does not compare
PNGs, so both ways check the same outputs.
"""

from __future__ import annotations

import os
import warnings

import pandas as pd
import plotly.io as pio

from seesaw.charts import theme
from seesaw.paths import PNG_ENV
from seesaw.publish.images import DEFAULT_WIDTH

RENDERER = "plotly_mimetype+png"
PNG_WIDTH = DEFAULT_WIDTH  # the size `seesaw run` renders at (height: the figure's)

_server_started = False


def png_inline() -> bool:
    """True unless the runner will add the PNGs in one batch (`SEESAW_PNG=batch`)."""
    return os.environ.get(PNG_ENV, "inline") != "batch"


def start(png: bool | None = None) -> None:
    """Pin the renderer and theme; start one kaleido server when PNGs are wanted.

    `png=None` follows the environment (see the module docstring).
    """
    global _server_started
    if png is None:
        png = png_inline()
    theme.register_theme()
    pio.renderers.default = RENDERER if png else "plotly_mimetype"
    pio.renderers["png"].width = PNG_WIDTH
    pio.renderers["png"].height = None
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

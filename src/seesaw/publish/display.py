"""Notebook display set-up (`start()` first, `stop()` last): each chart as plotly JSON
plus a PNG for GitHub from one kaleido browser; under `SEESAW_PNG=batch` (`seesaw run`,
`make test`) the JSON only, and the runner adds the PNGs in one batch."""

from __future__ import annotations

import os
import warnings

import pandas as pd
import plotly.io as pio

from seesaw.charts import theme
from seesaw.paths import PNG_ENV
from seesaw.publish.images import DEFAULT_WIDTH, ImageServer

RENDERER = "plotly_mimetype+png"
PNG_WIDTH = DEFAULT_WIDTH  # the size `seesaw run` renders at (height: the figure's)
_SERVER = ImageServer()


def png_inline() -> bool:
    """True unless the runner will add the PNGs in one batch (`SEESAW_PNG=batch`)."""
    return os.environ.get(PNG_ENV, "inline") != "batch"


def start(png: bool | None = None) -> None:
    """Pin the renderer and theme; start the kaleido server when PNGs are wanted
    (`png=None`: as the environment says)."""
    if png is None:
        png = png_inline()
    theme.register_theme()
    pio.renderers.default = RENDERER if png else "plotly_mimetype"
    pio.renderers["png"].width = PNG_WIDTH
    pio.renderers["png"].height = None
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 120)
    warnings.filterwarnings("ignore", message="The kopts argument is ignored")
    if png:
        _SERVER.start()


def stop() -> None:
    """Stop the kaleido server started by `start()`."""
    _SERVER.close()

"""Hostile text in every text column of all three CSVs: the whole sequence runs, and in
headless Chromium no page of the report and no figure's HTML runs any of it.

Checked in the rendered DOM (after the charts have drawn and every trace shows a hover
label): no dialog fired, no `javascript:` link, no element with an event-handler
attribute, no iframe (or other embedded document).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from seesaw import paths
from tests.browser import watch_errors
from tests.hostile import PAYLOADS, write_hostile

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Everything in the DOM that could run or load code.
DANGER = r"""() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} has ${a.name}`);
      if (['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'srcdoc']
            .includes(name) && /^\s*(javascript|vbscript|data:text\/html)/i
            .test(a.value.replace(/[\x00-\x20]/g, '')))
        found.push(`${el.tagName} ${a.name}=${a.value}`);
      if (name === 'srcdoc') found.push(`${el.tagName} has srcdoc`);
    }
    if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED'].includes(el.tagName.toUpperCase()))
      found.push(`a ${el.tagName} element`);
  }
  return found;
}"""

HOVER_ALL = """() => {
  let n = 0;
  for (const d of document.querySelectorAll('.js-plotly-plot')) {
    (d.data || []).forEach((t, i) => {
      const len = (t.x || t.y || []).length;
      for (let j = 0; j < Math.min(len, 40); j++) {
        try { Plotly.Fx.hover(d, [{curveNumber: i, pointNumber: j}]); n++; } catch (e) {}
      }
    });
  }
  return n;
}"""


def _page(browser, dialogs: list[str]):
    context = browser.new_context()
    # Offline: a payload that loads from the network fails instead of leaking.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else route.abort()
        ),
    )
    page = context.new_page()

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return context, page


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole sequence run on the hostile copy of the data."""
    base = tmp_path_factory.mktemp("hostile")
    data = write_hostile(paths.DATA, base / "data")
    out = base / "out"
    env = {**os.environ}
    env.pop("SEESAW_DEBUG", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "seesaw",
            "run",
            "--data-dir",
            str(data),
            "--output-dir",
            str(out),
            # What is checked is the text, not the power figures: the fewest
            # simulated runs per power table a run takes.
            "-p",
            "power_runs",
            "100",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_the_hostile_data_is_valid_and_hostile_everywhere(
    tmp_path: Path,
) -> None:
    from seesaw.data.load import load_dataset

    data = load_dataset(write_hostile(paths.DATA, tmp_path))
    for frame, columns in (
        (data.events, ("actor_detail", "summary", "source_outlet", "notes")),
        (data.quotes, ("speaker", "quote", "context", "source_outlet", "notes")),
        (data.claims, ("claim", "notes")),
    ):
        for column in columns:
            text = frame[column].dropna()
            assert text.map(lambda v: any(p in v for p in PAYLOADS)).all(), column


def _check(page, dialogs: list[str], name: str) -> None:
    charts = page.evaluate("document.querySelectorAll('.plotly-graph-div').length")
    if charts:
        page.wait_for_function(
            "[...document.querySelectorAll('.plotly-graph-div')].every(d => d._fullLayout)",
            timeout=30_000,
        )
        page.evaluate(HOVER_ALL)
    page.wait_for_timeout(200)  # let a deferred handler (ontoggle, onload) fire
    # The pages share one tab, so a dialog is named by the page that was open when it
    # fired (a late one by the next page), and any at all fails the test.
    assert dialogs == [], (name, dialogs)
    assert page.evaluate(DANGER) == [], name


def test_no_report_page_runs_data_text(hostile_run: Path, browser) -> None:
    pages = sorted((hostile_run / "report").glob("*.html"))
    # The index, the "what changed" page and one page per notebook.
    assert len(pages) == 2 + len(list(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))), (
        pages
    )
    shown = ""
    dialogs: list[str] = []
    context, page = _page(browser, dialogs)  # one tab: plotly.min.js loads once
    watch_errors(page)
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        _check(page, dialogs, path.name)
        shown += page.inner_text("body")
    context.close()
    # The payloads are there, shown as text (headings, tables, the claims' reasoning).
    for payload in ("<img src=x onerror=alert(1)>", "[click](javascript:alert(4))"):
        assert payload in shown
    claims = (hostile_run / "report" / "06_claims.html").read_text(encoding="utf-8")
    assert "said it on" in claims


def test_no_figure_html_or_svg_runs_data_text(hostile_run: Path, browser) -> None:
    figures = sorted((hostile_run / "figures").glob("*.html"))
    figures += sorted((hostile_run / "figures").glob("*.svg"))
    assert figures and any(p.suffix == ".svg" for p in figures)
    dialogs: list[str] = []
    context, page = _page(browser, dialogs)  # one tab: plotly.min.js loads once
    for path in figures:
        page.goto(path.as_uri(), wait_until="load")
        _check(page, dialogs, path.name)
    context.close()


#: Hover every point of every chart; the text of each hover label shown.
HOVER_LABELS = """() => {
  const labels = [];
  for (const d of document.querySelectorAll('.js-plotly-plot')) {
    (d.data || []).forEach((t, i) => {
      const len = (t.x || t.y || []).length;
      for (let j = 0; j < len; j++) {
        try { Plotly.Fx.hover(d, [{curveNumber: i, pointNumber: j}]); } catch (e) {}
        const layer = d.querySelector('.hoverlayer');
        if (layer && layer.textContent) labels.push(layer.textContent);
      }
    });
  }
  return labels;
}"""


def test_hover_labels_show_data_markup_as_text(hostile_run: Path, browser) -> None:
    """The timeline's hover labels carry the summaries: their markup is text, not run."""
    dialogs: list[str] = []
    context, page = _page(browser, dialogs)
    page.goto((hostile_run / "report" / "02_timeline.html").as_uri(), wait_until="load")
    page.wait_for_function(
        "[...document.querySelectorAll('.plotly-graph-div')].every(d => d._fullLayout)",
        timeout=30_000,
    )
    labels = page.evaluate(HOVER_LABELS)
    assert any(p in label for label in labels for p in PAYLOADS[:3]), labels[:5]
    # (Hovering every point by hand makes Plotly complain about traces that have no
    # hover; as in `_check`, only dialogs and dangerous markup count.)
    assert dialogs == [] and page.evaluate(DANGER) == []
    context.close()

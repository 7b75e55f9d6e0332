"""Static images: kaleido renders, the image cache and the browser kept open."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from seesaw.publish import images


def test_image_size_is_the_export_width_and_the_figure_height() -> None:
    assert images.image_size(go.Figure()) == (
        images.DEFAULT_WIDTH,
        images.DEFAULT_HEIGHT,
    )
    tall = go.Figure().update_layout(height=740)
    assert images.image_size(tall) == (images.DEFAULT_WIDTH, 740)
    assert images.image_size(tall.to_plotly_json()) == (images.DEFAULT_WIDTH, 740)
    assert images.image_size({"data": []})[1] == images.DEFAULT_HEIGHT


def test_a_figure_json_is_rendered_as_it_is_and_left_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run renders the notebooks' figure JSON without building figures: what
    kaleido is given holds the same figure, and the notebook's JSON is not changed."""
    import copy
    import json

    import kaleido

    monkeypatch.setenv(images.IMAGE_CACHE_ENV, str(tmp_path))
    spec = json.loads(_cache_figure().to_json())
    kept = copy.deepcopy(spec)
    given: list[dict[str, object]] = []

    def fake(specs: list[dict[str, object]], **_kwargs: object) -> None:
        given.extend(specs)
        for job in specs:
            Path(str(job["path"])).write_bytes(b"image")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", fake)
    assert images.render_images([(spec, "png")]) == [b"image"]
    assert spec == kept
    (job,) = given
    assert job["fig"] == images.static_spec(
        {**kept, "data": [{**t, "uid": "t0"} for t in kept["data"]]}
    )
    assert job["opts"] == {
        "format": "png",
        "width": images.DEFAULT_WIDTH,
        "height": 300,
        "scale": 1,
    }


def test_the_image_cache_keeps_its_most_recent_renders_and_others_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a render the cache keeps its IMAGE_CACHE_KEEP most recently used renders;
    a temporary file another run is writing (`.tmp-...`) is not a render to prune, nor
    is a user's file in a folder SEESAW_IMAGE_CACHE names (the probe found 24 of 420
    holiday photos removed)."""
    import os

    import kaleido

    def fake(specs: list[dict[str, object]], **_kwargs: object) -> None:
        for job in specs:
            Path(str(job["path"])).write_bytes(b"image")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", fake)
    monkeypatch.setenv(images.IMAGE_CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(images, "IMAGE_CACHE_KEEP", 2)
    mid, old = f"{'a' * 64}.svg", f"{'b' * 64}.png"
    mine = ["holiday.jpg", "mine.png", f"{'c' * 64}.jpg"]
    for age, name in enumerate([mid, old, ".tmp-new.png-123", *mine]):
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (1_000_000 - age * 100, 1_000_000 - age * 100))
    images.render_images([(_cache_figure(), "png")])
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) == 6 and ".tmp-new.png-123" in left and mid in left
    assert old not in left  # the new render and mid are the two kept
    assert set(mine) <= set(left)


def test_plotly_outputs_finds_only_plotly_displays() -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/plain": "1"}),
        nbformat.v4.new_output("display_data", data={images.PLOTLY_MIME: {}}),
    ]
    nb.cells = [cell, nbformat.v4.new_markdown_cell("text")]
    assert images.plotly_outputs(nb) == [cell.outputs[1]]


def _cache_figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[2, 3, 1], name="a"))
    fig.update_layout(meta={"slug": "01_cached", "alt": "Alt."}, height=300)
    return fig


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_a_repeated_render_comes_from_the_cache_without_a_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kaleido

    cache = tmp_path / "cache"
    monkeypatch.setenv(images.IMAGE_CACHE_ENV, str(cache))
    fig = _cache_figure()
    first = images.render_images([(fig, "png"), (fig, "svg")])
    assert first[0].startswith(b"\x89PNG") and first[1].lstrip().startswith(b"<svg")
    assert sorted(p.suffix for p in cache.iterdir()) == [".png", ".svg"]

    def no_browser(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the browser was asked to render")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", no_browser)
    server = images.ImageServer()
    assert images.render_images([(fig, "png"), (fig, "svg")], server) == first
    assert not server.running  # every image was cached: no browser was opened
    # Anything that changes the image is a new render: the figure, or its size.
    changed = _cache_figure().update_layout(title="changed")
    taller = _cache_figure().update_layout(height=301)
    for fig_ in (changed, taller):
        with pytest.raises(AssertionError, match="asked to render"):
            images.render_images([(fig_, "png")])


def test_the_image_cache_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(images.IMAGE_CACHE_ENV, "off")
    assert images.image_cache_dir() is None
    monkeypatch.setenv(images.IMAGE_CACHE_ENV, "")
    from seesaw import paths

    assert images.image_cache_dir() == paths.BUILD / "cache" / "images"


def test_cache_keys_differ_by_format_and_size() -> None:
    spec = _cache_figure().to_plotly_json()
    keys = {
        images.image_key(spec, "png", 1100, 300),
        images.image_key(spec, "svg", 1100, 300),
        images.image_key(spec, "png", 1100, 301),
    }
    assert len(keys) == 3
    assert images.image_key(spec, "png", 1100, 300) == images.image_key(
        _cache_figure().to_plotly_json(), "png", 1100, 300
    )


def _furnished() -> go.Figure:
    """A chart with every piece of interactive furniture plotly offers."""
    fig = go.Figure(go.Scatter(x=["2025-01-01", "2025-02-01"], y=[1, 2], name="a"))
    fig.update_layout(
        meta={"slug": "01_furnished", "alt": "Alt."},
        height=400,
        updatemenus=[{"buttons": [{"label": "one", "method": "restyle", "args": []}]}],
        sliders=[{"steps": [{"label": "s", "method": "restyle", "args": []}]}],
        xaxis={
            "rangeslider": {"visible": True},
            "rangeselector": {"buttons": [{"step": "all", "label": "all"}]},
        },
        xaxis2={"rangeslider": {"visible": True}},
    )
    return fig


def test_static_spec_drops_the_interactive_furniture() -> None:
    spec = _furnished().to_plotly_json()
    static = images.static_spec(spec)
    layout = static["layout"]
    assert "updatemenus" not in layout and "sliders" not in layout
    assert layout["xaxis"]["rangeslider"] == {"visible": False}
    assert layout["xaxis"]["rangeselector"] == {"visible": False}
    assert layout["xaxis2"]["rangeslider"] == {"visible": False}
    # The figure given is left as it was (the interactive HTML keeps it all).
    assert (
        spec["layout"]["updatemenus"]
        and spec["layout"]["xaxis"]["rangeslider"]["visible"]
    )
    assert static["data"] == spec["data"]


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_static_renders_show_no_slider_selector_or_menu() -> None:
    """Drawn by plotly.js: the SVG has none of the furniture's groups, the plain
    chart keeps its trace."""
    fig = _furnished()
    (svg,) = images.render_images([(fig, "svg")])
    text = svg.decode()
    for drawn in ("rangeslider", "rangeselector", "updatemenu", "slider-container"):
        assert drawn not in text, drawn
    assert 'class="scatterlayer' in text
    # Control: the same figure drawn as it is shows them all.
    import plotly.io as pio

    raw = pio.to_image(fig, format="svg", width=600, height=400).decode()
    for drawn in ("rangeslider", "rangeselector", "updatemenu"):
        assert drawn in raw, drawn


def test_an_image_cache_that_is_a_file_costs_the_cache_not_the_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """SEESAW_IMAGE_CACHE naming a file once ended the run in an internal error."""
    import kaleido

    def fake(specs: list[dict[str, object]], **_kwargs: object) -> None:
        for job in specs:
            Path(str(job["path"])).write_bytes(b"image")

    monkeypatch.setattr(kaleido, "write_fig_from_object_sync", fake)
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("mine")
    monkeypatch.setenv(images.IMAGE_CACHE_ENV, str(blocker))
    assert images.render_images([(_cache_figure(), "png")]) == [b"image"]
    assert "the image cache" in capfd.readouterr().err
    assert blocker.read_text() == "mine"

"""The compute steps: the core pipeline, the null, the power tables, the explorer's
updates, the static export and the peak memory of a run."""

from __future__ import annotations

import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import (
    alternate,
    child_env,
    compute_cache,
    image_cache,
    setting,
    time_call,
)
from bench.record import Figure
from seesaw import paths


def export_one_by_one(figs: list[Any], out_dir: Path, formats: tuple[str, ...]) -> None:
    """`bench_export`'s baseline: the files `export_figures` writes (each image, then
    each alt text), but every image rendered by its own `plotly.io.write_image` (a
    browser per image)."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from seesaw.files import atomic_write
    from seesaw.publish.export import export_figures, stable_svg
    from seesaw.publish.images import figure_json, image_size, static_spec

    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        for fig in figs:
            path = out_dir / f"{fig.layout.meta['slug']}.{fmt}"
            width, height = image_size(fig)
            static = go.Figure(static_spec(figure_json(fig)), skip_invalid=False)
            pio.write_image(static, path, format=fmt, width=width, height=height)
            data = path.read_bytes()
            atomic_write(path, stable_svg(data, path.stem) if fmt == "svg" else data)
    export_figures(figs, out_dir, formats=())  # the alt texts


def bench_export(reps: int, n_figs: int) -> list[Figure]:
    """Static export of all figures in one kaleido batch (`export_figures`) vs one
    write_image per figure (`export_one_by_one`)."""
    import plotly.graph_objects as go

    from seesaw.publish.export import export_figures

    figs = []
    for i in range(n_figs):
        fig = go.Figure(
            go.Scatter(x=list(range(200)), y=[(j * (i + 1)) % 17 for j in range(200)])
        )
        fig.update_layout(meta={"slug": f"99_bench_{i}", "alt": "benchmark figure"})
        figs.append(fig)
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-export-"))
    with image_cache("off"):  # both sides render every image
        t_batch, t_each = alternate(
            lambda: export_figures(figs, work / "batch", formats=("png", "svg")),
            lambda: export_one_by_one(figs, work / "each", ("png", "svg")),
            reps,
        )
    same = sorted(p.name for p in (work / "batch").iterdir()) == sorted(
        p.name for p in (work / "each").iterdir()
    )
    shutil.rmtree(work, ignore_errors=True)
    assert same, "the one-by-one export wrote other files than the batch"
    ratio = statistics.median(t_each) / statistics.median(t_batch)
    return [
        Figure(f"export {n_figs} figures x png+svg, one batch", t_batch),
        Figure(
            f"export {n_figs} figures x png+svg, one by one",
            t_each,
            goal="batch >= 3x faster",
            ratio=ratio,
            ok=ratio >= 3,
            note="ratio = one-by-one / batch",
        ),
    ]


def core_pipeline(data_dir: Path) -> dict[str, Any]:
    """Load, validate, score, balance, the exact runs test, phases: one pass."""
    from seesaw.analysis import metrics, spells
    from seesaw.analysis.score import score_events
    from seesaw.data.load import load_dataset

    data = load_dataset(data_dir)
    scored = score_events(data.events)
    metrics.daily_balance(scored)
    seq = metrics.pressure_sequence(scored).to_numpy()
    spells.runs_tails(seq)
    metrics.phases(scored, 14)
    return {"events": len(data.events)}


#: The CSV size limit the core step raises to, in MB: 100,000 synthetic events are
#: about 21 MB, over the 20 MB a hand-curated table may have. The bench raises the
#: limit the way a user would (`SEESAW_MAX_CSV_MB`), so the loader's real code path,
#: size check included, reads them.
CORE_CSV_MB = "64"


def bench_core(reps: int, sizes: list[int]) -> list[Figure]:
    from bench.synthetic import write_synthetic
    from seesaw.data.rawfile import MAX_FILE_ENV

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-core-"))
    folders = {n: write_synthetic(work / str(n), n, seed=1) for n in sizes}
    times: dict[int, list[float]] = {n: [] for n in sizes}
    # The computation cache off: it would serve the load (the same synthetic text
    # every repetition) and this step measures the loader's real path.
    with setting(MAX_FILE_ENV, CORE_CSV_MB), compute_cache("off"):
        for _ in range(reps):  # sizes interleaved, so drift hits all
            for n in sizes:
                start = time.perf_counter()
                got = core_pipeline(folders[n])["events"]
                times[n].append(time.perf_counter() - start)
                if got != n:
                    raise RuntimeError(f"the core step read {got:,} of {n:,} events")
    shutil.rmtree(work, ignore_errors=True)
    out = []
    for i, n in enumerate(sizes):
        f = Figure(f"core pipeline, {n:,} events", times[n])
        if n >= 100_000:
            f.goal, f.ok = "<= 2 s", f.median <= 2.0
        if i:
            prev = sizes[i - 1]
            f.ratio = f.median / statistics.median(times[prev])
            f.note = f"time ratio vs {prev:,} events ({n / prev:.0f}x the rows)"
            if n / prev == 10:
                f.goal = (f.goal + "; " if f.goal else "") + "10x rows <= 12x time"
                f.ok = (f.ok is not False) and f.ratio <= 12
        out.append(f)
    return out


def bench_null(reps: int, acts: int) -> list[Figure]:
    """The runs test's exact null (`spells.runs_tails`) over `acts` active days."""
    import numpy as np

    from seesaw.analysis import spells

    seq = np.random.default_rng(0).choice([-1, 1], size=acts)
    times = [time_call(lambda: spells.runs_tails(seq)) for _ in range(reps)]
    f = Figure(f"exact runs test (its whole null) over {acts:,} active days", times)
    if acts >= 1000:
        f.goal, f.ok = "<= 0.5 s", f.median <= 0.5
    return [f]


def bench_power(runs: int) -> list[Figure]:
    """The power tables at full size (notebooks 03 and 04): time, and the flag rates
    against the issue's goals (spells >= 80%, independent bursts <= 10%, tit-for-tat
    >= 80% for the secondary, planted overtures >= 80%, random days <= 10%)."""
    from seesaw.analysis import power

    tables: dict[str, Any] = {}

    def alternation() -> None:
        tables["a"] = power.alternation_power(runs).set_index("world")

    def timing() -> None:
        tables["o"] = power.overture_power(runs).set_index("world")

    with compute_cache("off"):  # the computation itself, not a read of the cache
        t_alternation, t_timing = time_call(alternation), time_call(timing)
    fa = Figure(f"power table, alternation, {runs:,} runs per world", [t_alternation])
    a = tables["a"]
    fa.extra = {
        "spells_flagged": float(a.loc["spells", "spells"]),
        "independent_bursts_flagged": float(a.loc["independent_bursts", "spells"]),
        "one_swap_flagged": float(a.loc["one_swap", "spells"]),
        "tit_for_tat_flagged_by_runs": float(a.loc["tit_for_tat", "act_by_act"]),
    }
    fa.goal = "spells >= 80%, bursts <= 10%, tit-for-tat >= 80%"
    fa.ok = (
        fa.extra["spells_flagged"] >= 0.8
        and fa.extra["independent_bursts_flagged"] <= 0.1
        and fa.extra["tit_for_tat_flagged_by_runs"] >= 0.8
    )
    fo = Figure(f"power table, Moscow's timing, {runs:,} runs per world", [t_timing])
    o = tables["o"]
    fo.extra = {
        "planted_flagged": float(o.loc["planted", "flagged"]),
        "half_planted_flagged": float(o.loc["half_planted", "flagged"]),
        "random_days_flagged": float(o.loc["random_days", "flagged"]),
    }
    fo.goal = "planted >= 80%, random days <= 10%"
    fo.ok = (
        fo.extra["planted_flagged"] >= 0.8 and fo.extra["random_days_flagged"] <= 0.1
    )
    if runs < 1000:  # a smoke run: too few runs to judge the goals
        for f in (fa, fo):
            f.goal, f.ok = "", None
    return [fa, fo]


#: The explorer's rows, by kind of change: the figure's name (its `{n:,}` the events)
#: and its note.
EXPLORER_ROWS = {
    "smoothing": (
        "explorer update (chart + stats), {n:,} events",
        "balance line over 7 or 21 days; verdicts remembered",
    ),
    "dates": (
        "explorer: date range changed, {n:,} events",
        "first day moved to a new day; both tests run",
    ),
    "scheme": (
        "explorer: scheme changed, {n:,} events",
        "new window each time; the alternation test runs",
    ),
    "preset": (
        "explorer: preset applied, {n:,} events",
        "presets in turn, remembered verdicts forgotten first",
    ),
    "actors": (
        "explorer: actors changed, {n:,} events",
        "an actor unticked, remembered verdicts forgotten first",
    ),
    "kinds": (
        "explorer: kinds changed, {n:,} events",
        "a kind deselected, remembered verdicts forgotten first",
    ),
}


def bench_explorer(reps: int, n: int, rounds: int = 4) -> list[Figure]:
    """The explorer's update after each kind of change an analyst makes, side by side
    (the changes in turn, so that noise hurts them alike), on `n` synthetic events:

    - smoothing: the balance line over 7 or 21 days (the verdicts do not read it);
    - dates: the first day moved to a day never chosen before (both tests run);
    - scheme: from mode to flat or goldstein, each on a window never seen (set,
      untimed, just before), so the alternation verdict always runs again (the
      overture verdict, which no scheme changes, is remembered from the untimed step);
    - preset: the presets in turn, with every remembered verdict forgotten first;
    - actors: an actor other than the US and Russia unticked (ticked again, untimed),
      remembered verdicts forgotten first;
    - kinds: the first kind of the largest family deselected (selected again,
      untimed), remembered verdicts forgotten first.

    Each repetition is `rounds` changes of each kind (even, so both smoothings and
    both schemes come up).
    """
    from bench.synthetic import write_synthetic
    from seesaw.data.load import load_dataset
    from seesaw.publish.widgets import Explorer

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-explorer-"))
    data = load_dataset(write_synthetic(work, n, seed=1))
    ex = Explorer(data.events, data.quotes)
    times = _explorer_changes(ex, max(reps, 1) * rounds)
    shutil.rmtree(work, ignore_errors=True)
    out = []
    for key, (name, note) in EXPLORER_ROWS.items():
        f = Figure(name.format(n=n), times[key], note=note)
        if n >= 10_000:
            f.goal, f.ok = "<= 0.1 s", f.median <= 0.1
        out.append(f)
    return out


def _explorer_changes(ex: Any, changes: int) -> dict[str, list[float]]:
    """`changes` changes of each kind to the explorer `ex`, in turn (`bench_explorer`);
    the seconds of each, by kind."""
    import datetime as dt

    first, last = ex.start.value, ex.end.value
    presets = list(ex.preset_labels())
    schemes = ("flat", "goldstein")
    # An actor besides the two the verdicts read most (its rows still count), and the
    # family of kinds with the most members.
    other = next(
        (a for a in ex.actors if a not in ("us", "russia")), next(iter(ex.actors))
    )
    family = max(ex.families.values(), key=lambda box: len(box.options))
    times: dict[str, list[float]] = {k: [] for k in EXPLORER_ROWS}

    def timed(name: str, box: Any, value: Any) -> None:
        start = time.perf_counter()
        box.value = value  # the widget's observer redraws and re-tests
        times[name].append(time.perf_counter() - start)

    for i in range(changes):
        timed("smoothing", ex.smoothing, (7, 21)[i % 2])
        timed("dates", ex.start, first + dt.timedelta(days=i + 1))
        ex.end.value = last - dt.timedelta(days=i + 1)  # untimed: a window never seen
        timed("scheme", ex.scheme, schemes[i % 2])  # from mode
        ex.forget_verdicts()
        start = time.perf_counter()
        ex.apply_preset(presets[(i + 1) % len(presets)])
        times["preset"].append(time.perf_counter() - start)
        ex.apply_preset("everything")  # untimed: back to every row, mode scheme
        ex.forget_verdicts()
        timed("actors", ex.actors[other], False)
        ex.actors[other].value = True  # untimed
        ex.forget_verdicts()
        timed("kinds", family, family.value[1:])
        # untimed: every kind again (options are (plain name, code) pairs)
        family.value = tuple(
            o[1] if isinstance(o, tuple) else o for o in family.options
        )
    return times


def _memory(p: Any) -> int:
    """A process's proportional set size: its private pages plus its share of the pages
    it shares (a forked worker's with its parent, Chromium's between its processes),
    so that a tree's sum counts each page once; the resident set where PSS is unknown."""
    info = p.memory_full_info()
    return int(getattr(info, "pss", info.rss))


def _peak_memory(cmd: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run `cmd`; its seconds, exit status, last stderr line and peak memory (the sum
    of the proportional set sizes of the process and all its children, polled every
    0.1 s)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            if time.perf_counter() - start > timeout:
                proc.kill()
                break
            total = 0
            with contextlib.suppress(psutil.Error):
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += _memory(p)
            peak = max(peak, total)
            time.sleep(0.1)
    except psutil.Error:
        pass
    _, err = proc.communicate()
    lines = err.decode(errors="replace").strip().splitlines()
    return {
        "seconds": time.perf_counter() - start,
        "returncode": proc.returncode,
        "peak": peak,
        "last": lines[-1] if lines else "",
    }


#: Peak memory a run may reach (issue 28): 2 GB.
MEMORY_GOAL = 2 * 2**30


def bench_memory(
    rows: int, data_dir: Path, real_too: bool = True, limit: str | None = None
) -> list[Figure]:
    """Peak memory (PSS, `_memory`) of `seesaw run` (the process, every kernel and
    the image renderer's browser), nothing cached, on a data folder of `rows` synthetic
    events and on the real data: each runs under 2 GB or is refused before any kernel
    starts, with the limit in one sentence."""
    from bench.synthetic import write_synthetic
    from seesaw.pipeline.preflight import MAX_EVENTS_ENV

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-memory-"))
    big = write_synthetic(work / "data", rows, seed=1)
    env = child_env()
    env.pop(MAX_EVENTS_ENV, None)
    if limit is not None:  # the smoke run lowers the limit to reach the refusal
        env[MAX_EVENTS_ENV] = limit
    env["SEESAW_CACHE"] = "off"
    env["SEESAW_IMAGE_CACHE"] = "off"  # cold: every chart rendered (Chromium running)
    out = []
    cases = [(f"{rows:,} synthetic events", big)]
    if real_too:
        cases.append(("the real data, cold", data_dir))
    for i, (label, folder) in enumerate(cases):
        cmd = [sys.executable, "-m", "seesaw", "run", "-q", "--data-dir", str(folder)]
        cmd += ["--output-dir", str(work / f"out{i}")]
        got = _peak_memory(cmd, env, timeout=1800)
        f = Figure(f"peak memory, seesaw run, {label}", [got["seconds"]])
        refused = got["returncode"] != 0
        f.extra = {"peak_bytes": got["peak"], "refused": refused}
        f.goal = "< 2 GB, or refused up front"
        f.ok = got["peak"] < MEMORY_GOAL and (not refused or "over the" in got["last"])
        if folder == data_dir and refused:
            f.ok = False
        f.note = f"peak {got['peak'] / 2**20:,.0f} MB (PSS); " + (
            f"refused: {got['last'][:160]}" if refused else "ran"
        )
        out.append(f)
    shutil.rmtree(work, ignore_errors=True)
    return out

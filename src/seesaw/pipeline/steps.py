"""The steps of `seesaw run`, in order (`STEPS`), sharing one `RunContext`: each reads
what the steps before it put there and adds its own, up to the swap into place."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import json
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from seesaw import paths
from seesaw.data import memo
from seesaw.files import atomic_write
from seesaw.pipeline import nbcache, ownership, swap
from seesaw.pipeline.checks import RunError, notebook_sequence, output_targets
from seesaw.pipeline.workers import (
    Findings,
    check_socket_room,
    clean_notebook,
    execute,
    fork_pool,
    stop_workers,
    worker_pids,
)
from seesaw.publish.export import export_figures, figures_in_notebook
from seesaw.publish.images import ImageServer, add_pngs
from seesaw.text import changes


@dataclass
class RunResult:
    """What a successful run produced."""

    notebooks: list[Path]
    figures: list[Path]
    report: Path | None
    seconds: float
    timings: dict[str, float]  # seconds per notebook
    phases: dict[str, float]  # seconds per step (`STEPS`)
    executed: list[str]  # notebooks executed, and served from the cache
    cached: list[str]
    changes: dict[str, Any]  # since the last good run (`changes.diff`)
    snapshot: dict[str, Any] | None  # this run's findings (`changes.snapshot`)


@dataclass
class RunContext:
    """What the steps of one run share: what was asked, then what each step made."""

    notebooks: list[Path]
    plan: Mapping[Path, dict[str, Any]]
    staging: Path
    output_dir: Path | None
    source: Path
    jobs: int
    figures: bool
    report: bool
    say: Callable[[str], None]
    keys: Mapping[Path, tuple[str, dict[str, Any]]]
    findings: Findings | None = None
    before: dict[str, Any] | None = None
    store: Path | None = None  # the execution cache (None: nothing cached)
    staged: dict[Path, Path] = field(default_factory=dict)
    todo: list[Path] = field(default_factory=list)  # not served from the cache
    nodes: dict[Path, Any] = field(default_factory=dict)
    pages: dict[Path, tuple[str, str]] = field(default_factory=dict)
    rendered: dict[tuple[str, str], bytes] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    failures: list[tuple[Path, str]] = field(default_factory=list)
    figure_files: list[Path] = field(default_factory=list)
    snapshot: dict[str, Any] | None = None
    change: dict[str, Any] = field(default_factory=dict)
    placed: list[Path] = field(default_factory=list)

    @property
    def targets(self) -> dict[str, Path]:
        return output_targets(self.output_dir, self.source, self.figures, self.report)

    def nothing_changed(self) -> str:
        folders = ", ".join(f"{t}/" for t in self.targets.values())
        return f"Nothing was changed in {folders}."


def serve_from_cache(ctx: RunContext) -> None:
    """Stage every notebook whose inputs are unchanged from the execution cache."""
    ctx.staged = {nb: ctx.staging / "notebooks" / nb.name for nb in ctx.notebooks}
    ctx.store = nbcache.cache_dir() if ctx.keys else None
    for nb in ctx.notebooks:
        entry = nbcache.load(ctx.store, ctx.keys[nb][0]) if ctx.store else None
        if entry is None or (ctx.figures and not entry.has_svg):
            ctx.todo.append(nb)
            continue
        ctx.staged[nb].write_bytes(entry.notebook)
        text = entry.notebook.decode("utf-8")
        ctx.nodes[nb] = nbformat.reads(text, as_version=4)
        ctx.rendered.update(entry.rendered)
        if ctx.report:
            ctx.pages[ctx.staged[nb]] = entry.page or _page(ctx, nb, text)
        ctx.timings[nb.name] = 0.0
        ctx.say(f"{nb.name}: skipped, unchanged (from the cache)")


@memo.cached
def report_page(
    text: str, stem: str, package: str, environment: str
) -> tuple[str, str]:
    """The report page of an executed, cleaned notebook's JSON text, kept in the
    computation cache by the text and the package and environment digests."""
    from seesaw.publish.report import page_for

    del package, environment  # only in the key
    return page_for(nbformat.reads(text, as_version=4), stem)


def _page(ctx: RunContext, nb: Path, text: str) -> tuple[str, str]:
    """`report_page` of a notebook's executed text, under this run's digests."""
    parts = ctx.keys[nb][1] if nb in ctx.keys else {}
    return report_page(
        text, nb.stem, str(parts.get("package")), str(parts.get("environment"))
    )


def _finish(ctx: RunContext, images: ImageServer, nb: Path) -> None:
    """Clean an executed notebook, render its images and page, and cache them."""
    staged = ctx.staged[nb]
    node = clean_notebook(nbformat.read(staged, as_version=4))
    own = add_pngs([node], ctx.figures, server=images)
    ctx.rendered.update(own)
    text = nbformat.writes(node) + "\n"
    atomic_write(staged, text)
    ctx.nodes[nb] = node
    if ctx.report:
        ctx.pages[staged] = _page(ctx, nb, text)
    if ctx.store is not None:
        page = ctx.pages.get(staged)
        entry = nbcache.Entry(text.encode("utf-8"), page, own, ctx.figures)
        nbcache.store(ctx.store, ctx.keys[nb][0], entry, ctx.keys[nb][1])


def _collect(
    ctx: RunContext,
    images: ImageServer,
    running: dict[cf.Future[tuple[str, float, str | None]], Path],
    submit_next: Callable[[], None],
) -> None:
    """Wait for the notebooks in `running`, finishing each as it ends."""
    render_seconds = 0.0
    while running:
        done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
        for fut in done:
            nb = running.pop(fut)
            _, seconds, error = fut.result()
            ctx.timings[nb.name] = seconds
            ctx.say(f"{nb.name}: {'failed' if error else 'finished'} ({seconds:.1f} s)")
            submit_next()
            if error:
                ctx.failures.append((nb, error))
            elif not ctx.failures:
                t_render = time.perf_counter()
                _finish(ctx, images, nb)
                render_seconds += time.perf_counter() - t_render
    ctx.phases["of which images and pages"] = render_seconds


def execute_notebooks(ctx: RunContext) -> None:
    """Execute the notebooks not served from the cache, `jobs` at a time in forked
    workers, rendering each one's images as it ends."""
    if not ctx.todo:
        return
    check_socket_room()  # only when a kernel will start
    pending = iter(ctx.todo)
    running: dict[cf.Future[tuple[str, float, str | None]], Path] = {}
    others = worker_pids()  # the findings' worker, stopped by its own owner
    pool = fork_pool(max(1, min(ctx.jobs, len(ctx.todo))))

    def submit_next() -> None:
        if (nb := next(pending, None)) is not None:
            ctx.say(f"{nb.name}: started")
            job = (str(nb), str(ctx.staged[nb]), ctx.plan[nb], str(ctx.source))
            running[pool.submit(execute, job)] = nb

    with pool:
        for _ in range(max(1, ctx.jobs)):
            submit_next()
        # Forked by now: the browser (opened only for a render not in the image
        # cache) is not copied into the workers.
        images = ImageServer()
        try:
            _collect(ctx, images, running, submit_next)
        except BaseException:
            stop_workers(spare=others)
            raise
        finally:
            images.close()


def refuse_failures(ctx: RunContext) -> None:
    """Stop the run if a notebook failed, keeping its executed copy under build/failed/."""
    if not ctx.failures:
        return
    with contextlib.suppress(OSError):
        paths.FAILED.mkdir(parents=True, exist_ok=True)
    lines = []
    for nb, error in sorted(ctx.failures):
        staged, kept = ctx.staged[nb], paths.FAILED / nb.name
        if staged.exists() and staged.stat().st_size > 0:
            try:
                shutil.copyfile(staged, kept)
                where = f"the executed copy is {kept}"
            except OSError as err:
                with contextlib.suppress(OSError):
                    kept.unlink()
                where = f"no executed copy was kept ({kept}: {err.strerror})"
        else:  # not written, or cut short (a full disk): nothing worth keeping
            where = "no executed copy was written"
        lines.append(f"{nb.name} failed in {error}; {where}")
    raise RunError("\n".join(lines) + "\n" + ctx.nothing_changed())


def export_figure_files(ctx: RunContext) -> None:
    """Write each exported figure's page, SVG and PNG into the staging folder."""
    if not ctx.figures:
        return
    figs = [fig for nb in ctx.notebooks for fig in figures_in_notebook(ctx.nodes[nb])]
    folder = ctx.staging / "figures"
    ctx.figure_files = export_figures(figs, folder, rendered=ctx.rendered)
    if figs:
        ctx.figure_files.append(folder / "plotly.min.js")


def compare_findings(ctx: RunContext) -> None:
    """What changed since the last good run (the outputs stand if this fails)."""
    if ctx.findings is not None:
        try:
            ctx.snapshot = ctx.findings.result()
        except Exception as err:
            ctx.say(f"what changed: not computed ({type(err).__name__}: {err})")
    if ctx.snapshot is not None:
        ctx.change = changes.diff(ctx.before, ctx.snapshot)


def write_report_pages(ctx: RunContext) -> None:
    """Write the HTML report (and the page of what changed) into the staging folder."""
    if not ctx.report:
        return
    from seesaw.publish.report import LEAD, write_report

    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    generated = f"Generated {stamp} by `seesaw run`."
    extra = []
    if ctx.change:
        page = changes.page(ctx.change, generated)
        extra.append(("changes.html", "What changed since the last run", page))
    write_report(
        [ctx.staged[nb] for nb in ctx.notebooks],
        ctx.staging / "report",
        generated=generated,
        prepared=ctx.pages,
        extra=extra,
        lead=ctx.staging / "figures" / LEAD,
    )
    if ctx.change:
        lines = changes.lines(ctx.change)
        atomic_write(
            ctx.staging / "report" / "changes.json",
            json.dumps({**ctx.change, "lines": lines}, indent=1) + "\n",
        )


def place_outputs(ctx: RunContext) -> None:
    """Everything succeeded: move the results into place, as one unit (`swap`),
    removing or overwriting only what this run wrote before (`ownership`)."""
    targets = ctx.targets
    staged = {"notebooks": [ctx.staged[nb] for nb in ctx.notebooks]}
    if ctx.figures:
        staged["figures"] = ctx.figure_files
    if ctx.report:
        report = ctx.staging / "report"
        staged["report"] = sorted(p for p in report.iterdir() if p.is_file())
    files = [(p, targets[k] / p.name) for k, ps in staged.items() for p in ps]
    written = {targets[k]: [p.name for p in ps] for k, ps in staged.items()}
    tracked = [
        t for name, t in targets.items() if name != "notebooks" or ctx.output_dir
    ]
    if ctx.output_dir is not None:
        written[ctx.output_dir] = []
        tracked.append(ctx.output_dir)
    # The other notebooks' figures and executed copies (a --notebooks run) stay, as the
    # committed ones do in place; a notebook no longer in the sequence leaves with its.
    others = tuple(
        nb.name[:3] for nb in notebook_sequence(ctx.source) if nb not in ctx.notebooks
    )
    folders = [targets["notebooks"], *([targets["figures"]] if ctx.figures else [])]
    keep = {f: lambda name: name.startswith(others) for f in folders} if others else {}
    try:
        remove, manifests = ownership.plan(written, tracked, keep)
        for i, (folder, text) in enumerate(sorted(manifests.items())):
            staged_manifest = ctx.staging / f"manifest-{i}.json"
            atomic_write(staged_manifest, text)
            files.append((staged_manifest, folder / ownership.MANIFEST))
        swap.place(files, remove, paths.BUILD)
    except (ownership.OwnershipError, swap.SwapError) as err:
        raise RunError(f"{err}\n{ctx.nothing_changed()}") from None
    ctx.placed = [dst for _, dst in files]


STEPS: tuple[tuple[str, Callable[[RunContext], None]], ...] = (
    ("from the cache", serve_from_cache),
    ("notebooks and images", execute_notebooks),
    ("failures", refuse_failures),
    ("figure files", export_figure_files),
    ("what changed", compare_findings),
    ("report", write_report_pages),
    ("swap", place_outputs),
)


def run_steps(ctx: RunContext) -> RunResult:
    """Run `STEPS` in order on `ctx`; the result of a run whose steps all succeeded."""
    for name, step in STEPS:
        t0 = time.perf_counter()
        step(ctx)
        ctx.phases[name] = time.perf_counter() - t0
    targets = ctx.targets
    return RunResult(
        ctx.placed[: len(ctx.notebooks)],
        [targets["figures"] / p.name for p in ctx.figure_files] if ctx.figures else [],
        targets["report"] if ctx.report else None,
        0.0,
        ctx.timings,
        ctx.phases,
        [nb.name for nb in ctx.todo],
        [nb.name for nb in ctx.notebooks if nb not in ctx.todo],
        ctx.change,
        ctx.snapshot,
    )

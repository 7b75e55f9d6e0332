"""Reader text speaks the reader's words: no code names, no term before its definition.

What a reader sees: the Markdown cells and outputs of notebooks 01 to 07, the README's
prose, chart titles, axis titles, legends and category labels, the alt texts beside the
figures, and the explorer's labels, option lists and the text it writes. The
glossary (data/GLOSSARY.md) is the allow-list: its "Names that stay" are the only names
joined by underscores allowed there, and its "Terms a reader must be told" may not appear
in the README before its "How we know" box.
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from pathlib import Path

import pytest

from seesaw import paths
from seesaw.text import readme
from tests.outputs import output_text

GLOSSARY = paths.DATA / "GLOSSARY.md"
READER_NOTEBOOKS = ("01_dataset.ipynb", "02_timeline.ipynb")
#: Every notebook a reader opens; their outputs hold the figures exported to figures/
#: (the committed HTML is written from these same figure objects, so the notebooks'
#: plotly JSON is the one source read here).
ALL_NOTEBOOKS = tuple(
    p.name for p in sorted((paths.ROOT / "notebooks").glob("0[1-7]_*.ipynb"))
)
#: Code names a reader may meet in a notebook beyond the glossary's, each with its
#: reason. Empty: the notebooks name their parameters in words (the smoothing
#: parameter, the coincidence window); the names a papermill user types are shown in
#: the README's commands, code blocks the prose checks leave out.
ALLOWED_HERE: dict[str, str] = {}
#: An ISO date, as plotly stores a date axis's values (not a label a reader reads).
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: A name joined by underscores, not part of a file name or a path.
SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-]|\.\w)")
BACKTICKED = re.compile(r"`[^`\n]+`")


@cache
def glossary() -> tuple[dict[str, str], set[str]]:
    """The glossary's terms a reader must be told (term: its section text) and the
    names that stay."""
    text = GLOSSARY.read_text(encoding="utf-8")
    told = text.split("## Terms a reader must be told", 1)[1].split("\n## ", 1)[0]
    terms = {}
    for line in told.splitlines():
        for term in re.findall(r"\*\*([^*]+)\*\*", line):
            terms[term] = line
    names = text.split("## Names that stay", 1)[1]
    return terms, set(re.findall(r"`([a-z0-9_]+)`", names))


def _prose(markdown: str) -> str:
    """Markdown without its code blocks, command tables and link targets, and with
    its escapes undone (a code name escaped as max\\_days still reads max_days)."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\]\(<[^>]*>\)", "]", text)
    return re.sub(r"\\([^\w\s]|_)", r"\1", text)


def _plotly_text(fig: dict) -> list[str]:
    """A chart's title, axis titles, legend names and alt text."""
    layout = fig.get("layout", {})
    parts = [
        layout.get("title", {}).get("text", ""),
        layout.get("meta", {}).get("alt", ""),
    ]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            parts.append(axis.get("title", {}).get("text", ""))
            parts += [str(t) for t in axis.get("ticktext", []) or []]
    for trace in fig.get("data", []):
        parts.append(str(trace.get("name", "") or ""))
        # A bar chart's categories are its tick labels: read them too.
        if trace.get("type") == "bar":
            for axis in ("x", "y"):
                values = trace.get(axis)
                if isinstance(values, list):
                    parts += [
                        v for v in values if isinstance(v, str) and not ISO_DAY.match(v)
                    ]
    return parts


def reader_text(notebook: str) -> dict[str, str]:
    """Each place in a notebook a reader sees, by a name that finds it."""
    nb = json.loads((paths.ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            found[f"{notebook} cell {i} (Markdown)"] = _prose("".join(cell["source"]))
        for j, out in enumerate(cell.get("outputs", [])):
            data = out.get("data", {})
            texts = output_text(out, streams=False)
            fig = data.get("application/vnd.plotly.v1+json")
            if fig:
                texts += _plotly_text(fig)
            if texts:
                found[f"{notebook} cell {i} output {j}"] = _prose("\n".join(texts))
    return found


def readme_block() -> str:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(readme.BEGIN, 1)[1].split(readme.END, 1)[0]


def _snake(text: str, allowed: set[str]) -> list[str]:
    return sorted({m for m in SNAKE.findall(text) if m not in allowed})


def test_the_glossary_is_read() -> None:
    terms, names = glossary()
    assert {"power", "inconclusive", "holdout", "phase", "unstable"} <= set(terms)
    assert "pressure_on" in names


@pytest.mark.parametrize("notebook", ALL_NOTEBOOKS)
def test_no_code_names_in_a_notebooks_reader_text(notebook: str) -> None:
    """Markdown cells and outputs (Markdown, chart titles, axes, legends, category
    labels, alt texts) of every notebook carry no name joined by underscores but the
    glossary's."""
    _, names = glossary()
    names = names | set(ALLOWED_HERE)
    bad = {
        where: found
        for where, text in reader_text(notebook).items()
        if (found := _snake(text, names))
    }
    assert not bad, bad


def test_every_committed_figure_is_read_from_a_notebook() -> None:
    """Each figures/*.html has its plotly JSON in some notebook's outputs (by its slug),
    so the notebook checks above read every chart a reader sees."""
    slugs = set()
    for notebook in ALL_NOTEBOOKS:
        nb = json.loads(
            (paths.ROOT / "notebooks" / notebook).read_text(encoding="utf-8")
        )
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                fig = out.get("data", {}).get("application/vnd.plotly.v1+json")
                if fig:
                    slugs.add(fig.get("layout", {}).get("meta", {}).get("slug"))
    html = {p.stem for p in (paths.ROOT / "figures").glob("0*.html")}
    assert html and html <= slugs, html - slugs


@pytest.mark.parametrize("notebook", ALL_NOTEBOOKS)
def test_a_notebook_defines_no_function(notebook: str) -> None:
    """Helpers live in the package (seesaw.text.words and others), tested there."""
    nb = json.loads((paths.ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    defined = [
        f"cell {i}: {m}"
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        for m in re.findall(r"^\s*(?:async\s+)?def \w+", "".join(cell["source"]), re.M)
    ]
    assert not defined, defined


def test_a_bar_charts_categories_are_read() -> None:
    fig = {"data": [{"type": "bar", "y": ["aid_pause", "2025-03-01"], "name": "n"}]}
    assert _snake("\n".join(_plotly_text(fig)), set()) == ["aid_pause"]


def test_no_code_names_in_the_explorer() -> None:
    """Every label, option a reader picks from, and the text the explorer writes (its
    verdict panel and live region) speak in words; the kinds keep their codes as the
    options' values."""
    import ipywidgets as w

    from seesaw.data.load import load_dataset
    from seesaw.publish.widgets import Explorer

    data = load_dataset(paths.DATA)
    ex = Explorer(data.events, data.quotes)
    ex.start.value = ex.start.value.replace(month=ex.start.value.month % 12 + 1)
    seen: list[str] = [ex.said_text]

    def walk(widget: w.Widget) -> None:
        for attr in ("description", "value", "placeholder", "tooltip"):
            value = getattr(widget, attr, None)
            if isinstance(value, str) and not isinstance(widget, w.Dropdown):
                seen.append(value)
        labels = getattr(widget, "_options_labels", None)
        if labels:
            seen.extend(labels)
        for child in getattr(widget, "children", ()):
            walk(child)

    # Every widget view() lays out (view() itself needs a newer traitlets' Layout gap).
    for widget in (
        ex.preset, ex.track, ex.start, ex.end, ex.scheme, *ex.weights.values(),
        ex.smoothing, *ex.actors.values(), *ex.modes.values(), ex.president,
        *ex.families.values(), ex.show_quotes, ex.said, ex.stats,
    ):  # fmt: skip
        walk(widget)
    _, names = glossary()
    found = _snake(_prose("\n".join(seen)), names)
    assert not found, found
    kinds = {v for family in ex.families.values() for v in family.value}
    assert "sanctions_relief" in kinds  # the value stays the code
    labels = [lab for family in ex.families.values() for lab in family._options_labels]
    assert "sanctions relief" in labels
    # the actors' tick boxes name them in words, not by their codes ("us", "russia")
    from seesaw.data import vocab

    assert {a: box.description for a, box in ex.actors.items()} == {
        a: vocab.ACTOR_NAMES[a] for a in ex.actors
    }


def test_no_code_names_in_the_alt_texts() -> None:
    _, names = glossary()
    bad = {
        alt.name: found
        for alt in sorted((paths.ROOT / "figures").glob("*.txt"))
        if (found := _snake(alt.read_text(encoding="utf-8"), names))
    }
    assert not bad, bad


def test_every_figure_has_its_alt_text() -> None:
    """Every PNG in figures/ (the explorer's still among them) has its .txt."""
    missing = [
        p.name
        for p in sorted((paths.ROOT / "figures").glob("*.png"))
        if not p.with_suffix(".txt").is_file()
    ]
    assert not missing


def test_the_readme_opening_has_no_code_words() -> None:
    """The generated block: no backticked identifier, no verdict code, no name joined
    by underscores (file names and link targets aside)."""
    _, names = glossary()
    block = _prose(readme_block())
    assert not BACKTICKED.findall(block)
    assert not _snake(block, names)
    for code in ("no_pattern", "follow_pressure", "act_by_act", "TAG:"):
        assert code not in block


def test_no_term_in_the_readme_before_its_definition() -> None:
    """Every term a reader must be told first appears in the README at or after the
    "How we know" box, and the box (or the glossary it links) defines it."""
    terms, _ = glossary()
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    box = text.index("### How we know")
    early = {}
    for term in terms:
        m = re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, flags=re.I)
        if m and m.start() < box:
            early[term] = text[max(0, m.start() - 60) : m.end() + 20]
    assert not early, early
    assert "(data/GLOSSARY.md)" in text[box:]


def test_a_code_name_is_caught() -> None:
    """The pattern finds a name joined by underscores, and not a file name or a path;
    a Markdown-escaped name (06 showed "max\\_days 5" to readers) is found too."""
    assert SNAKE.findall("the verdict is no_pattern here") == ["no_pattern"]
    assert _snake(_prose("**Unstable:** max\\_days 5\\: inconclusive"), set()) == [
        "max_days"
    ]
    assert (
        SNAKE.findall("see first_coding.csv and data/reliability/round2/x_y.md") == []
    )
    assert _snake("kinds: aid_pause, pressure_on", {"pressure_on"}) == ["aid_pause"]


# --- Every command the README shows is run, or checked, by a test ------------------

#: Commands that start a server, a browser or a full build: checked, not run here.
#: `make report` and `make test` are what the lead runs at merge; `make explore`,
#: `make lab` and `make screenshot` start a server or a browser.
NOT_RUN_HERE = {
    "make report",
    "make test",
    "make explore",
    "make lab",
    "make screenshot",
}


def readme_commands() -> list[str]:
    """Every command line of the README's shell blocks, comments removed."""
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            cmd = line.split("  #", 1)[0].split(" # ", 1)[0].strip()
            if cmd:
                lines.append(cmd)
    return lines


def _notebook_parameters(path: Path) -> set[str]:
    import papermill

    found = papermill.inspect_notebook(str(path))
    return set(found)


def test_every_readme_command_is_known() -> None:
    """A new command in the README must be added to a test here."""
    known = NOT_RUN_HERE | {
        ".venv/bin/seesaw validate",
        ".venv/bin/seesaw run --data-dir path/to/new-data --output-dir out/",
        ".venv/bin/seesaw run -p scheme goldstein -p smoothing_days 28 -p power_runs 200 "
        "--output-dir out/",
        "cd notebooks && ../.venv/bin/papermill 03_alternation.ipynb ../out/03.ipynb "
        "-p scheme flat -p smoothing_days 28 -p power_runs 200",
    }
    assert set(readme_commands()) <= known, set(readme_commands()) - known


#: The README's other commands, each run verbatim by a test (its output folder moved
#: into the test's own): the new-data run is the hostile-data run of
#: tests/test_hostile_report.py (the whole sequence on another data folder, by
#: --data-dir), the two below are run here.
RUN_ELSEWHERE = {
    ".venv/bin/seesaw run --data-dir path/to/new-data --output-dir out/": (
        "tests/test_hostile_report.py",
        "hostile_run",
    ),
}


def test_the_commands_run_elsewhere_are_run_there() -> None:
    for cmd, (test_file, name) in RUN_ELSEWHERE.items():
        assert cmd in readme_commands()
        text = (paths.ROOT / test_file).read_text(encoding="utf-8")
        assert f"def {name}(" in text and '"--data-dir"' in text, (test_file, name)


@pytest.mark.slow  # measured: minutes (a full run of the notebooks, and one notebook)
def test_the_readme_run_and_papermill_commands_run(tmp_path: Path) -> None:
    """The README's `seesaw run -p scheme goldstein ...` line and its papermill line, as
    the README gives them, writing into the test's folder."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "SEESAW_DEBUG"}
    run = next(c for c in readme_commands() if c.startswith(".venv/bin/seesaw run -p"))
    words = shlex.split(run)
    words[words.index("out/")] = str(tmp_path / "out")
    done = subprocess.run(
        words, cwd=paths.ROOT, capture_output=True, text=True, timeout=3600, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "out" / "notebooks" / "02_timeline.ipynb").is_file() or any(
        (tmp_path / "out").rglob("02_timeline.ipynb")
    )
    paper = next(c for c in readme_commands() if "papermill" in c)
    words = shlex.split(paper.split("&&", 1)[1])
    words[0] = str(paths.ROOT / ".venv" / "bin" / "papermill")
    words[words.index("../out/03.ipynb")] = str(tmp_path / "03.ipynb")
    done = subprocess.run(
        words,
        cwd=paths.NOTEBOOKS,
        capture_output=True,
        text=True,
        timeout=3600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    ran = json.loads((tmp_path / "03.ipynb").read_text(encoding="utf-8"))
    injected = [
        "".join(c["source"])
        for c in ran["cells"]
        if "injected-parameters" in c.get("metadata", {}).get("tags", [])
    ]
    assert injected and 'scheme = "flat"' in injected[0], injected


def test_the_readme_validate_command_runs() -> None:
    import subprocess

    cmd = ".venv/bin/seesaw validate"
    assert cmd in readme_commands()
    done = subprocess.run(
        shlex.split(cmd), cwd=paths.ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr


def parameter_problems(commands: list[str]) -> list[str]:
    """Every `-p NAME VALUE` the README passes to papermill is a parameter the
    notebook declares (papermill only warns about others), and every one passed to
    `seesaw run` is accepted by every notebook that takes it."""
    problems = []
    every = set().union(
        *(
            _notebook_parameters(p)
            for p in sorted((paths.ROOT / "notebooks").glob("0[1-7]_*.ipynb"))
        )
    )
    for cmd in commands:
        words = shlex.split(cmd)
        given = {words[i + 1] for i, w in enumerate(words) if w == "-p"}
        if "papermill" in cmd:
            notebook = next(w for w in words if w.endswith(".ipynb"))
            declared = _notebook_parameters(paths.ROOT / "notebooks" / notebook)
        elif "seesaw run" in cmd:
            declared = every
        else:
            continue
        if given - declared:
            problems.append(f"README.md: {cmd!r} passes {sorted(given - declared)}")
    return problems


def test_the_readme_parameters_are_declared() -> None:
    commands = readme_commands()
    assert any("papermill" in c and "-p" in c for c in commands)
    assert not parameter_problems(commands)
    planted = [
        "cd notebooks && ../.venv/bin/papermill 03_alternation.ipynb ../out/03.ipynb "
        "-p scheme flat -p collapse week"
    ]
    assert parameter_problems(planted) == [
        f"README.md: {planted[0]!r} passes ['collapse']"
    ]


def test_the_readme_help_commands_run() -> None:
    """`make help` and `papermill --help-notebook`, shown in the README's prose."""
    import subprocess

    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert "`make help` lists every target" in text
    done = subprocess.run(
        ["make", "help"], cwd=paths.ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "report" in done.stdout
    shown = "papermill --help-notebook notebooks/03_alternation.ipynb"
    assert shown in text
    done = subprocess.run(
        [".venv/bin/" + shown.split()[0], *shown.split()[1:]],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "scheme" in done.stdout, done.stderr


def test_chart_titles_run_to_two_lines_at_most() -> None:
    """Every chart of notebooks 01 and 02: its title wraps to at most two lines (the
    statistics' charts are built and checked in tests/test_charts_stats.py)."""
    long = {}
    for path in (paths.ROOT / "notebooks" / n for n in READER_NOTEBOOKS):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                fig = out.get("data", {}).get("application/vnd.plotly.v1+json")
                if fig:
                    title = fig.get("layout", {}).get("title", {}).get("text", "")
                    if title.count("<br>") > 1:
                        long[f"{path.name}: {fig['layout']['meta']['slug']}"] = title
    assert not long, long


#: Words that mark an interval on something estimated beyond the rows (a model's
#: total, an agreement statistic, a rate, a correlation, a power), not a count of them.
ESTIMATES = (
    "estimate",
    "kappa",
    "alpha",
    "bootstrap",
    "model",
    "correlation",
    "hit rate",
    "power",
    "as likely",
    "completeness",
)


def test_no_intervals_on_counts_of_the_rows() -> None:
    """An interval belongs to an estimate of something beyond the rows; a share of the
    rows themselves ("state media carry 4% of citations") is stated plainly."""
    places = {"README.md": readme_block()}
    for notebook in READER_NOTEBOOKS:
        places |= reader_text(notebook)
    bad = []
    for where, text in places.items():
        for sentence in re.split(r"(?<=[.;])\s+|\n", text):
            if "interval" in sentence and not any(w in sentence for w in ESTIMATES):
                bad.append(f"{where}: {sentence[:160]}")
    assert not bad, bad


def test_the_seed_acts_leave_out_the_background_rows() -> None:
    """01 counted the source article's acts with two background rows among them."""
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    acts = int((events["in_seed"] & events["kind"].astype(str).ne("context")).sum())
    text = "\n".join(reader_text("01_dataset.ipynb").values())
    said = {int(n) for n in re.findall(r"(\d+) acts and \d+ quotes", text)}
    assert said == {acts}, said


def phase_score_problems(text: str) -> list[str]:
    """02's phase table showed 'tilt kyiv, net +1.0' without a word on why: the
    score must be explained, and the phases that scored zero counted."""
    problems = []
    if "score of acts inside" not in text:
        problems.append("02_timeline.ipynb: the phase table's score is not explained")
    if not re.search(r"in \d+ of the \d+ phases the acts inside scored zero", text):
        problems.append(
            "02_timeline.ipynb: the phases that scored zero are not counted"
        )
    return problems


def test_the_phase_score_is_explained() -> None:
    text = "\n".join(reader_text("02_timeline.ipynb").values())
    assert not phase_score_problems(text)
    planted = text.replace("score of acts inside", "net")
    assert phase_score_problems(planted) == [
        "02_timeline.ipynb: the phase table's score is not explained"
    ]


def caption_problems(cells: dict[str, str]) -> list[str]:
    """A caption that tells the still's readers to hover (or use buttons and a slider)
    without saying that only the interactive version has them."""
    return [
        f"{where}: tells readers to hover without naming the interactive version"
        for where, text in cells.items()
        if any(w in text.lower() for w in ("hover", "button", "slider"))
        and "interactive version" not in text
    ]


def test_the_static_caption_promises_nothing_the_picture_lacks() -> None:
    """02 told readers of the still to hover and to use buttons and a slider."""
    nb = json.loads(
        (paths.ROOT / "notebooks" / "02_timeline.ipynb").read_text(encoding="utf-8")
    )
    # What readers see: Markdown cells, and the Markdown a code cell displays (02's
    # captions are generated from the track's words).
    cells = {
        f"02_timeline.ipynb cell {i}": "".join(cell["source"])
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "markdown"
    }
    for i, cell in enumerate(nb["cells"]):
        for j, out in enumerate(cell.get("outputs", [])):
            shown = out.get("data", {}).get("text/markdown")
            if shown:
                cells[f"02_timeline.ipynb cell {i} output {j}"] = "".join(shown)
    assert any("hover" in text.lower() for text in cells.values())
    assert not caption_problems(cells)
    planted = {
        k: v.replace(
            "In the interactive version (the HTML report, or this notebook "
            "run live) hovering",
            "Hovering",
        )
        for k, v in cells.items()
    }
    assert planted != cells
    problems = caption_problems(planted)
    assert problems and problems[0].startswith("02_timeline.ipynb cell "), problems


def local_path_problems(docs: dict[str, str]) -> list[str]:
    """A document that cites a file by a path on our machine (the analysis plan once
    cited the seed article so), and a plan that does not cite the article by title,
    author, outlet and date."""
    problems = [
        f"{name}: cites a local path {m.group(0)!r}"
        for name, text in docs.items()
        for m in re.finditer(r"/(?:work|home|tmp|root|Users)/[\w./-]+", text)
    ]
    plan = docs.get("data/ANALYSIS.md", "")
    for needed in ("Times in Pakistan", "Anthony Zurcher", "22 October 2025"):
        if needed not in plan:
            problems.append(f"data/ANALYSIS.md: the seed article lacks {needed!r}")
    return problems


def _docs() -> dict[str, str]:
    return {
        str(doc.relative_to(paths.ROOT)): doc.read_text(encoding="utf-8")
        for doc in (paths.ROOT / "README.md", *sorted(paths.DATA.glob("*.md")))
    }


def test_docs_cite_no_local_path() -> None:
    """The seed article is cited by title, outlet and date, never by a file path."""
    docs = _docs()
    assert "data/ANALYSIS.md" in docs
    assert not local_path_problems(docs)
    planted = {
        **docs,
        "data/ANALYSIS.md": docs["data/ANALYSIS.md"].replace(
            "Times in Pakistan", "/work/seed/article.md", 1
        ),
    }
    problems = local_path_problems(planted)
    assert problems and all(p.startswith("data/ANALYSIS.md") for p in problems)


#: The chapters that open on a bottom line (07, the explorer, opens on how to run it).
BOTTOM_LINE_NOTEBOOKS = (
    "03_alternation.ipynb",
    "04_moscow_timing.ipynb",
    "05_gaza_contrast.ipynb",
    "06_claims.ipynb",
)
#: A bottom line's words before its figures: three short sentences at most.
BOTTOM_LINE_SENTENCES = 3
BOTTOM_LINE_WORDS = 100


def bottom_line(notebook: str) -> str:
    """The words under "## Bottom line" before its figures: the Markdown and Markdown
    outputs up to the next heading, a chart, or the "*In figures:*" paragraph."""
    nb = json.loads((paths.ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))
    cells = nb["cells"]
    start = next(
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "markdown"
        and "".join(c["source"]).startswith("## Bottom line")
    )
    parts = ["".join(cells[start]["source"]).removeprefix("## Bottom line")]
    for cell in cells[start + 1 :]:
        if cell["cell_type"] == "markdown":
            break
        outputs = [o.get("data", {}) for o in cell.get("outputs", [])]
        if any(
            "application/vnd.plotly.v1+json" in d or "image/png" in d for d in outputs
        ):
            break
        parts += ["".join(d.get("text/markdown", "")) for d in outputs]
    return "\n".join(parts).split("*In figures")[0].strip()


def _sentences(text: str) -> list[str]:
    text = text.replace("\\", "")  # Markdown escapes, e.g. "\." after a number
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*])", text) if s.strip()]


@pytest.mark.parametrize("notebook", BOTTOM_LINE_NOTEBOOKS)
def test_a_bottom_line_is_three_short_sentences(notebook: str) -> None:
    lead = bottom_line(notebook)
    sentences = _sentences(lead)
    assert 1 <= len(sentences) <= BOTTOM_LINE_SENTENCES, sentences
    assert len(lead.split()) <= BOTTOM_LINE_WORDS, (len(lead.split()), lead)


def test_the_sentence_count_is_real() -> None:
    assert len(_sentences("One. Two (p = 0.5\\.)\\. **Three** here.")) == 3

"""The vocabularies and defaults: defined once in seesaw.data.vocab, read everywhere else."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
from pathlib import Path

import nbformat
import pytest

from seesaw import cli, paths
from seesaw.analysis import describe, score
from seesaw.data import claim_vocab, params, vocab

#: Notebook parameters whose default is one of vocab's, and which constant it is.
NOTEBOOK_DEFAULTS = {
    "start_date": vocab.ANALYSIS_START,
    "scheme": vocab.DEFAULT_SCHEME,
    "smoothing_days": vocab.DEFAULT_SMOOTHING_DAYS,
    "event_window_days": vocab.DEFAULT_EVENT_WINDOW_DAYS,
    "coincidence_days": vocab.DEFAULT_COINCIDENCE_DAYS,
    "follow_days": vocab.DEFAULT_FOLLOW_DAYS,
    "seed": vocab.DEFAULT_SEED,
    "power_runs": vocab.POWER_RUNS,
}


def parameters_of(path: object) -> dict[str, object]:
    nb = nbformat.read(str(path), as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    out: dict[str, object] = {}
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        assert node.value is not None
        out[node.target.id] = ast.literal_eval(node.value)
    return out


@pytest.mark.parametrize(
    "notebook", sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem
)
def test_notebook_defaults_are_vocab_defaults(notebook: object) -> None:
    declared = parameters_of(notebook)
    assert set(declared) - {"data_dir"} <= set(params.CHECKED_PARAMETERS)
    for name, value in declared.items():
        if name in NOTEBOOK_DEFAULTS and value != "":
            assert value == NOTEBOOK_DEFAULTS[name], f"{name} = {value!r}"


def test_the_checked_parameters_are_the_fields_of_params() -> None:
    fields = [f.name for f in dataclasses.fields(params.Params)]
    checked = params.CHECKED_PARAMETERS
    assert [*checked] == [f for f in fields if f != "data_dir"] + [*params.ALIASES]
    # an old name is checked too, and stands for a field
    assert set(params.ALIASES.values()) <= set(fields)
    # check_params takes each of them, and besides them only the folders
    taken = set(inspect.signature(params.check_params).parameters)
    assert taken == {*checked, "data_dir", "base_dir"}


def test_params_defaults_come_from_vocab() -> None:
    signature = inspect.signature(params.check_params)
    checked = params.Params(data_dir=paths.DATA)
    for name, value in NOTEBOOK_DEFAULTS.items():
        if name == "start_date":
            continue
        assert signature.parameters[name].default == value
        assert getattr(checked, name) == value


def test_the_modules_share_one_list_of_schemes() -> None:
    assert tuple(score.SCHEMES) == params.SCHEMES == tuple(vocab.SCHEMES)
    assert vocab.DEFAULT_SCHEME in vocab.SCHEMES
    assert set(vocab.MODE_WEIGHTS) == set(vocab.MODES)
    assert set(vocab.GAZA_ACTORS) <= set(vocab.ACTORS)
    assert set(vocab.ALL_SIDES) == set(vocab.PRESSURE_TARGETS) - {"none"}
    assert vocab.TRACK_SIDES["ukraine"] == vocab.SIDES


def test_the_cli_defaults_are_the_vocab_defaults() -> None:
    args = cli.build_parser().parse_args(["stats"])
    assert args.scheme == vocab.DEFAULT_SCHEME
    assert not hasattr(args, "collapse")  # nothing reads it any more
    assert args.start_date == vocab.ANALYSIS_START
    assert args.seed == vocab.DEFAULT_SEED
    assert args.permutations == vocab.DEFAULT_PERMUTATIONS
    assert args.smoothing_days == vocab.DEFAULT_SMOOTHING_DAYS
    assert args.coincidence_days == vocab.DEFAULT_COINCIDENCE_DAYS


def test_the_track_of_every_actor_is_a_known_track() -> None:
    import pandas as pd

    rows = pd.DataFrame(
        {
            "actor": [a for a in vocab.ACTORS for _ in vocab.PRESSURE_TARGETS],
            "pressure_on": [t for _ in vocab.ACTORS for t in vocab.PRESSURE_TARGETS],
        }
    )
    rows["track"] = rows["actor"].map(
        lambda a: "gaza" if a in vocab.GAZA_ACTORS else "ukraine"
    )
    assert set(describe.track(rows)) <= set(vocab.TRACKS)
    assert set(describe.track(rows)) == set(vocab.TRACKS)


def test_every_kind_check_and_verdict_has_a_plain_name() -> None:
    """The words a reader sees for each code: one per code, none with an underscore."""
    assert set(vocab.KIND_NAMES) == set(vocab.KINDS)
    assert set(vocab.CHECK_NAMES) == set(claim_vocab.CLAIM_CHECKS)
    for names in (vocab.KIND_NAMES, vocab.CHECK_NAMES, vocab.VERDICT_NAMES):
        assert all("_" not in n and n for n in names.values())
    assert vocab.KIND_NAMES["sanctions_relief"] == "sanctions relief"


def test_every_actor_has_a_readers_name() -> None:
    """Legends and tick boxes name actors in words ("US", not the code "us")."""
    assert set(vocab.ACTOR_NAMES) == set(vocab.ACTORS)
    assert vocab.ACTOR_NAMES["us"] == "US"
    assert all(
        name[:1].isupper() or name == "others" for name in vocab.ACTOR_NAMES.values()
    )


def test_p_values_read_as_numbers() -> None:
    """Readers never see '9e-06': a tiny p reads 'below 0.001'."""
    assert vocab.p_text(9e-06) == "below 0.001"
    assert vocab.p_text(0.2704) == "0.270"
    assert vocab.p_text(float("nan")) == "not computed"


def test_every_vocabulary_of_the_file_is_read_and_none_is_missing() -> None:
    """vocabularies.csv holds exactly the lists the modules read (a misspelt
    `vocabulary` would start a list nothing reads, and leave its codes out)."""
    read = set()
    for module in (vocab, claim_vocab):
        source = Path(module.__file__).read_text(encoding="utf-8")
        read |= set(re.findall(r'VOCABULARIES\["(\w+)"\]', source))
    assert len(read) == 15
    assert set(vocab.VOCABULARIES) == read


def _read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> object:
    path = tmp_path / "vocabularies.csv"
    path.write_bytes(text.encode("utf-8"))
    monkeypatch.setattr(vocab, "VOCABULARIES_FILE", path)
    return vocab._vocabularies()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "vocabulary,code,text\ntone,hostile,Threats.\ntone,hostile,Again.\n",
            r"vocabularies.csv, line 3: tone lists 'hostile' twice",
        ),
        (
            "vocabulary,code\ntone,hostile\n",
            r"vocabularies.csv, line 1: the header must be vocabulary,code,text, "
            r"not vocabulary,code",
        ),
        (
            "vocabulary,code,text\ntone,hostile\n",
            r"vocabularies.csv, line 2: a row needs exactly three cells",
        ),
        (
            "vocabulary,code,text\ntone,hostile,Threats.,extra\n",
            r"vocabularies.csv, line 2: a row needs exactly three cells",
        ),
    ],
)
def test_a_bad_vocabularies_file_is_refused_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _read(tmp_path, monkeypatch, text)


def test_a_definition_keeps_its_line_breaks_and_the_lists_are_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _read(
        tmp_path,
        monkeypatch,
        'vocabulary,code,text\r\ntone,hostile,"two\nlines"\r\ntone,neutral,Plain.\r\n',
    )
    assert dict(found["tone"]) == {"hostile": "two\nlines", "neutral": "Plain."}
    with pytest.raises(TypeError):
        vocab.VOCABULARIES["tone"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        vocab.TONES["new"] = "x"  # type: ignore[index]

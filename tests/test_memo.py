"""The computation cache: results kept by exactly what they read, signed by the user's
secret, rebuilt (never served) when damaged, and off with SEESAW_CACHE=off."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from seesaw.data import memo
from seesaw.pipeline.workers import LAST_GOOD_ENV
from seesaw.publish.images import IMAGE_CACHE_ENV

CALLS: list[tuple[object, ...]] = []


@memo.cached
def _slow_sum(frame: pd.DataFrame, scale: float = 1.0, *, seed: int = 0) -> float:
    CALLS.append((len(frame), scale, seed))
    return float(frame["x"].sum() * scale + seed)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "compute"
    monkeypatch.setenv(memo.COMPUTE_ENV, str(folder))
    monkeypatch.delenv(memo.CACHE_ENV, raising=False)
    monkeypatch.setenv(memo.SECRET_ENV, str(tmp_path / "config" / "secret"))
    CALLS.clear()
    return folder


def _frame(*values: float) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"E{i}" for i in range(len(values))], "x": values})


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pkl"))


def test_a_second_call_with_the_same_inputs_is_served(_cache: Path) -> None:
    assert _slow_sum(_frame(1, 2), 2.0) == 6.0
    assert _slow_sum(_frame(1, 2), scale=2.0) == 6.0  # bound with defaults: one key
    assert CALLS == [(2, 2.0, 0)]
    assert len(_entries(_cache)) == 1


def test_a_changed_row_or_parameter_computes_again(_cache: Path) -> None:
    _slow_sum(_frame(1, 2))
    _slow_sum(_frame(1, 3))  # one cell changed
    _slow_sum(_frame(1, 2), seed=1)
    _slow_sum(_frame(1, 2).rename(columns={"id": "key"}))  # a column renamed
    assert len(CALLS) == 4
    assert len(_entries(_cache)) == 4


def test_off_computes_everything_and_stores_nothing(
    _cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(memo.CACHE_ENV, "off")
    _slow_sum(_frame(1))
    _slow_sum(_frame(1))
    assert len(CALLS) == 2 and not _cache.exists()
    monkeypatch.delenv(memo.CACHE_ENV)
    monkeypatch.setenv(memo.COMPUTE_ENV, "off")
    assert memo.folder() is None


def test_a_damaged_entry_is_rebuilt_never_served(
    _cache: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _slow_sum(_frame(5))
    (entry,) = _entries(_cache)
    raw = bytearray(entry.read_bytes())
    raw[-3] ^= 0xFF  # one byte of the payload
    entry.write_bytes(bytes(raw))
    assert _slow_sum(_frame(5)) == 5.0
    assert len(CALLS) == 2
    assert "failed its check" in capfd.readouterr().err
    assert _slow_sum(_frame(5)) == 5.0 and len(CALLS) == 2  # rebuilt, then served
    entry.write_bytes(entry.read_bytes()[:40])  # truncated
    assert _slow_sum(_frame(5)) == 5.0 and len(CALLS) == 3


def test_a_signed_file_reads_back_only_under_its_key_and_format(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "entry"
    memo.write_signed(path, b"k" * 32, b"payload\nwith lines", b"fmt-1\n")
    assert memo.read_signed(path, b"k" * 32, b"fmt-1\n") == b"payload\nwith lines"
    assert memo.read_signed(path, b"j" * 32, b"fmt-1\n") is None  # another secret
    assert memo.read_signed(path, b"k" * 32, b"fmt-2\n") is None  # another format
    path.write_bytes(path.read_bytes().replace(b"payload", b"paylo4d"))
    assert memo.read_signed(path, b"k" * 32, b"fmt-1\n") is None  # edited
    assert [p.name for p in path.parent.iterdir()] == ["entry"]  # no temporary left


def test_an_entry_written_under_another_secret_is_not_served(
    _cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(memo.SECRET_ENV, str(tmp_path / "elsewhere" / "secret"))
    _slow_sum(_frame(7))
    monkeypatch.setenv(memo.SECRET_ENV, str(tmp_path / "mine" / "secret"))
    _slow_sum(_frame(7))
    assert len(CALLS) == 2


def test_a_forged_payload_never_reaches_pickle(
    _cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry replaced by one whose payload would run code when unpickled, with a tag
    computed without the secret, is refused before unpickling."""
    _slow_sum(_frame(9))
    (entry,) = _entries(_cache)
    import pickle

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pwned",))

    payload = pickle.dumps(Boom())
    entry.write_bytes(memo.FORMAT + b"0" * 64 + b"\n" + payload)
    called: list[object] = []
    monkeypatch.setattr(pickle, "loads", lambda *a, **_k: called.append(a))
    assert _slow_sum(_frame(9)) == 9.0
    assert not called


def test_an_unwritable_folder_costs_the_cache_not_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(memo.COMPUTE_ENV, str(blocker / "compute"))
    assert _slow_sum(_frame(2)) == 2.0
    assert "cannot be written" in capfd.readouterr().err


def test_an_argument_it_cannot_read_computes_without_the_cache(_cache: Path) -> None:
    @memo.cached
    def apply(fn: object, x: int) -> int:
        CALLS.append((fn, x))
        return x

    apply(print, 1)
    apply(print, 1)
    assert len(CALLS) == 2 and not _entries(_cache)
    lists = pd.DataFrame({"x": [[1], [2]]})
    with pytest.raises(memo.UnreadableError):
        memo.fingerprint(lists)


def test_fingerprints_read_content_not_identity() -> None:
    a = np.arange(5)
    assert memo.fingerprint(a) == memo.fingerprint(np.arange(5))
    assert memo.fingerprint(a) != memo.fingerprint(np.arange(5, dtype=float))
    assert memo.fingerprint({"b": 1, "a": 2}) == memo.fingerprint({"a": 2, "b": 1})
    assert memo.fingerprint([1, 2]) != memo.fingerprint((1, 2))
    assert memo.fingerprint(1) != memo.fingerprint(1.0) != memo.fingerprint("1")
    day = pd.Timestamp("2025-01-20")
    assert memo.fingerprint(day) != memo.fingerprint(pd.Timestamp("2025-01-21"))
    assert memo.fingerprint(dt.date(2025, 1, 20)) != memo.fingerprint(day)
    f = _frame(1, 2)
    assert memo.fingerprint(f) != memo.fingerprint(f.iloc[::-1])  # row order
    assert memo.fingerprint(f) != memo.fingerprint(f.set_index("id"))
    assert memo.fingerprint(f["x"]) != memo.fingerprint(f["x"].rename("y"))


def test_the_code_version_reads_the_analysis_sources(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    version = memo.code_version()
    assert len(version) == 64 and version == memo.code_version()
    # package data counts: a copy of the package whose worked examples differ by one
    # byte has another version
    import shutil

    copy = tmp_path / "seesaw"
    shutil.copytree(memo.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(memo, "PACKAGE", copy)
    memo.code_version.cache_clear()
    try:
        same = memo.code_version()
        examples = copy / "analysis" / "worked_examples.json"
        examples.write_bytes(examples.read_bytes() + b" ")
        memo.code_version.cache_clear()
        changed = memo.code_version()
    finally:
        memo.code_version.cache_clear()
    assert same == version and changed != version


def test_the_power_tables_are_cached_by_their_inputs(_cache: Path) -> None:
    from seesaw.analysis import power

    first = power.spells_power_at.__wrapped__(60, 90, 0.8, runs=4)
    again = power.spells_power_at.__wrapped__(60, 90, 0.8, runs=4)
    assert first == again
    names = {p.parent.name for p in _entries(_cache)}
    assert names == {"seesaw.analysis.power.spells_power_at"}
    assert first == power.spells_power_at.__wrapped__.__wrapped__(60, 90, 0.8, runs=4)


#: The notebooks that read the cached computations: power tables and sensitivity
#: variants (03, 04) and the claims' stability reruns (06).
HEAVY = "03,04,06"
STAMP = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")


def _report(out: Path, env: dict[str, str]) -> dict[str, bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "seesaw", "run", "-q", "--notebooks", HEAVY,
         "-p", "power_runs", "100", "--output-dir", str(out)],
        env=env, capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {
        str(p.relative_to(out)): STAMP.sub(b"<generated>", p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "last-good.json"
    }


@pytest.mark.slow
def test_the_report_is_the_same_byte_for_byte_with_the_caches_off_cold_and_warm(
    tmp_path: Path,
) -> None:
    """No result changes because of a cache: the same notebooks, figures and report
    pages (the generation time aside) with the caches filling (every image rendered,
    every computation made), with them warm (every image and computation served), and
    with the notebook and computation caches off. (The last takes its images from the
    first run's cache: a render with the image cache off is the same render, made
    once here, and `tests/test_images.py` runs that setting.)"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEESAW_")}
    env[memo.SECRET_ENV] = str(tmp_path / "config" / "secret")
    env[LAST_GOOD_ENV] = str(tmp_path / "last-good")  # not the project's
    cached = {
        **env,
        memo.COMPUTE_ENV: str(tmp_path / "compute"),
        IMAGE_CACHE_ENV: str(tmp_path / "images"),
    }
    cold = _report(tmp_path / "cold", {**cached, memo.CACHE_ENV: str(tmp_path / "nb1")})
    assert list((tmp_path / "compute").rglob("*.pkl"))  # the caches were filled
    assert list((tmp_path / "images").glob("*.png"))
    warm = _report(tmp_path / "warm", {**cached, memo.CACHE_ENV: str(tmp_path / "nb2")})
    off = _report(tmp_path / "off", {**cached, memo.CACHE_ENV: "off"})
    assert off.keys() == cold.keys() == warm.keys()
    assert [k for k in off if off[k] != cold[k]] == []
    assert [k for k in off if off[k] != warm[k]] == []
    assert any(k.endswith(".ipynb") for k in off) and any(
        k.endswith(".html") for k in off
    )


def test_warnings_never_reach_a_notebooks_outputs(
    _cache: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """In a kernel, sys.stderr is the notebook's output stream: a cache's warning goes
    to the process's own stderr (the kernel's log) instead."""
    import io

    notebook = io.StringIO()
    monkeypatch.setattr(sys, "stderr", notebook)
    _slow_sum(_frame(3))
    (entry,) = _entries(_cache)
    entry.write_bytes(b"junk")
    assert _slow_sum(_frame(3)) == 3.0
    assert notebook.getvalue() == ""
    assert "failed its check" in capfd.readouterr().err


READS: list[str] = []


@memo.cached(ignore=("where",), project={"frame": lambda f: f[["x"]]})
def _projected(frame: pd.DataFrame, where: str) -> float:
    READS.append(where)
    assert list(frame.columns) == ["x"]  # given only what it reads
    return float(frame["x"].sum())


def test_a_projected_argument_keys_only_what_the_function_reads(_cache: Path) -> None:
    READS.clear()
    frame = _frame(1, 2)
    assert _projected(frame, "a") == 3.0
    renamed = frame.assign(id=["F0", "F1"])  # a column it does not read
    assert _projected(renamed, "b") == 3.0  # `where` is not in the key either
    assert READS == ["a"]
    assert _projected(_frame(1, 5), "c") == 6.0  # a cell it reads: computed again
    assert READS == ["a", "c"]


def test_a_projection_applies_with_the_cache_off_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    READS.clear()
    monkeypatch.setenv(memo.CACHE_ENV, "off")
    assert _projected(_frame(1, 2), "a") == 3.0  # the assert inside holds off too
    assert READS == ["a"]


def test_ignore_and_project_name_real_arguments() -> None:
    with pytest.raises(TypeError, match="no argument"):
        memo.cached(ignore=("nope",))(lambda x: x)


def test_prune_keeps_the_most_recently_used_entries_under_the_bound(
    _cache: Path,
) -> None:
    for i in range(5):
        _slow_sum(_frame(i))
    entries = _entries(_cache)
    size = entries[0].stat().st_size
    for age, path in enumerate(sorted(entries)):
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    newest = sorted(entries)[-2:]
    os.utime(sorted(entries)[0], None)  # used just now: kept
    stale = _cache / "x.y" / f".tmp-{'a' * 64}.pkl-1"
    stale.parent.mkdir()
    stale.write_bytes(b"half")
    mine = [_cache / "x.y" / "mine.pkl", _cache / "x.y" / ".tmp-mine", _cache / "a.txt"]
    for path in [stale, *mine]:
        path.write_bytes(b"a user's file in the folder")
        os.utime(path, (1_000_000, 1_000_000))
    removed = memo.prune(_cache, max_bytes=3 * size)
    kept = set(_entries(_cache))
    assert kept == {sorted(entries)[0], *newest, mine[0]}
    assert stale in removed and not stale.exists()
    assert len(removed) == 3 and all(p.exists() for p in mine)  # never a user's file


def test_a_served_entry_counts_as_recently_used(_cache: Path) -> None:
    _slow_sum(_frame(1))
    (entry,) = _entries(_cache)
    os.utime(entry, (1_000_000, 1_000_000))
    _slow_sum(_frame(1))  # served
    assert entry.stat().st_mtime > 1_000_000
    assert CALLS == [(1, 1.0, 0)]


def test_a_keyed_value_is_fingerprinted_once_and_given_as_itself(
    _cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    READS.clear()
    frame = _frame(1, 2)
    keyed = memo.Keyed(frame[["x"]])
    taken = []
    real = memo.fingerprint
    monkeypatch.setattr(memo, "fingerprint", lambda v: taken.append(1) or real(v))
    assert _projected(keyed, "a") == 3.0
    assert _projected(keyed, "b") == 3.0
    assert READS == ["a"]  # served by the fingerprint taken when it was made
    assert len(taken) == 2  # one key per call; the frame itself hashed once, before
    assert _projected(memo.Keyed(_frame(1, 2)[["x"]]), "c") == 3.0  # same content
    assert READS == ["a"]
    assert _projected(memo.Keyed(_frame(1, 4)[["x"]]), "d") == 5.0
    assert READS == ["a", "d"]


FOLDER_READS: list[Path] = []


@memo.by_folder
def _count_files(data_dir: Path, extra: int = 0) -> int:
    FOLDER_READS.append(data_dir)
    return len(list(data_dir.glob("*.csv"))) + extra


def test_a_folder_result_is_kept_by_the_content_of_its_files(
    _cache: Path, tmp_path: Path
) -> None:
    FOLDER_READS.clear()
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x\n1\n", encoding="utf-8")
    assert _count_files(data) == 1
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "a.csv").write_text("x\n1\n", encoding="utf-8")
    assert _count_files(copy) == 1  # the same content elsewhere: served
    assert [data] == FOLDER_READS
    assert _count_files(data, 2) == 3  # another argument: computed
    (data / "a.csv").write_text("x\n2\n", encoding="utf-8")  # one byte changed
    assert _count_files(data) == 1
    assert [data, data, data] == FOLDER_READS
    assert memo.tree_digest(data) != memo.tree_digest(copy)
    (data / "a.csv").write_text("x\n1\n", encoding="utf-8")
    assert memo.tree_digest(data) == memo.tree_digest(copy)


def test_a_folder_that_changes_while_read_keeps_nothing(
    _cache: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x\n", encoding="utf-8")
    calls = []

    @memo.by_folder
    def _editing(data_dir: Path) -> int:
        calls.append(1)
        (data_dir / f"b{len(calls)}.csv").write_text("y\n", encoding="utf-8")
        return len(calls)

    assert _editing(data) == 2  # computed, found changed, computed again uncached
    assert _entries(_cache) == []


def test_bypass_computes_in_memory_without_touching_the_disk(_cache: Path) -> None:
    READS.clear()
    with memo.bypass():
        assert _slow_sum(_frame(1, 2)) == 3.0
        assert _slow_sum(_frame(1, 2)) == 3.0
        frame = _frame(1, 2)
        assert _projected.__wrapped__(frame[["x"]], "a") == 3.0
    assert len(CALLS) == 2 and _entries(_cache) == []
    assert _slow_sum(_frame(1, 2)) == 3.0  # after the block: the cache again
    assert len(CALLS) == 3 and len(_entries(_cache)) == 1

"""The execution cache's key changes with each input, and a damaged entry is never served."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import pytest

from seesaw.data import memo
from seesaw.pipeline import nbcache


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    root = tmp_path / "root"
    (root / "data" / "reliability").mkdir(parents=True)
    (root / "data" / "events.csv").write_text("id,date\nE0001,2025-01-01\n")
    (root / "data" / "quotes.csv").write_text("id\nQ0001\n")
    (root / "data" / "claims.csv").write_text("id\nC01\n")
    (root / "data" / "reliability" / "second_coding.csv").write_text("id\nE0001\n")
    (root / "requirements.lock").write_text("pandas==2.2.3\n")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "load.py").write_text("X = 1\n")
    (root / "01_a.ipynb").write_text(json.dumps(NB))
    monkeypatch.setattr(nbcache.paths, "ROOT", root)
    monkeypatch.setattr(nbcache.paths, "BUILD", root / "build")
    monkeypatch.setattr(nbcache, "PACKAGE", pkg)
    monkeypatch.setattr(nbcache, "package_files", lambda: sorted(pkg.glob("*.py")))
    monkeypatch.delenv(nbcache.CACHE_ENV, raising=False)
    return {"root": root, "pkg": pkg, "nb": root / "01_a.ipynb", "data": root / "data"}


NB = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3"}},
    "cells": [
        {
            "cell_type": "code",
            "id": "a1",
            "source": ["x = 1\n"],
            "metadata": {"tags": ["parameters"]},
            "outputs": [],
            "execution_count": None,
        }
    ],
}


def test_outputs_do_not_change_the_key(project: dict[str, Path]) -> None:
    before = _key(project)
    nb = json.loads(json.dumps(NB))
    nb["cells"][0]["outputs"] = [{"output_type": "stream", "text": "1"}]
    nb["cells"][0]["execution_count"] = 3
    nb["cells"][0]["metadata"]["execution"] = {"start": "now"}
    nb["metadata"]["papermill"] = {"duration": 1.0}
    nb["metadata"]["language_info"] = {"name": "python"}
    nb["nbformat_minor"] = 4
    nb["cells"].append(dict(nb["cells"][0], metadata={}, id="b2"))
    project["nb"].write_text(json.dumps(nb))
    with_cell = _key(project)
    nb["cells"][-1]["metadata"] = {"tags": []}
    project["nb"].write_text(json.dumps(nb))
    assert _key(project) == with_cell != before
    nb["cells"][-1]["metadata"] = {"tags": ["injected-parameters"]}
    project["nb"].write_text(json.dumps(nb))
    assert _key(project) == before  # papermill's cell: the parameters are keyed apart
    del nb["cells"][-1]
    project["nb"].write_text(json.dumps(nb))
    assert _key(project) == before
    nb["cells"][0]["metadata"]["tags"] = []
    project["nb"].write_text(json.dumps(nb))
    assert _key(project) != before


def _key(p: dict[str, Path], params: dict[str, object] | None = None) -> str:
    shared = nbcache.shared(p["data"])
    return nbcache.cache_key(nbcache.inputs(p["nb"], params or {}, shared, "python3"))


def test_the_same_inputs_give_the_same_key(project: dict[str, Path]) -> None:
    assert _key(project) == _key(project)


@pytest.mark.parametrize(
    "change",
    [
        "source",
        "attachment",
        "parameters",
        "events",
        "quotes",
        "claims",
        "reliability",
        "new data file",
        "package",
        "new module",
        "lock",
    ],
)
def test_each_input_changes_the_key(project: dict[str, Path], change: str) -> None:
    before = _key(project)
    params: dict[str, object] = {}
    data = project["data"]
    if change == "source":
        nb = json.loads(json.dumps(NB))
        nb["cells"][0]["source"] = ["x = 2\n"]
        project["nb"].write_text(json.dumps(nb))
    elif change == "attachment":
        # An image a Markdown cell shows (07's still): a cache hit must not bring
        # back the old one.
        nb = json.loads(json.dumps(NB))
        nb["cells"].append(
            {
                "cell_type": "markdown",
                "id": "m1",
                "metadata": {},
                "source": ["![still](attachment:still.png)\n"],
                "attachments": {"still.png": {"image/png": "AAAA"}},
            }
        )
        project["nb"].write_text(json.dumps(nb))
        before = _key(project)
        nb["cells"][-1]["attachments"]["still.png"]["image/png"] = "BBBB"
        project["nb"].write_text(json.dumps(nb))
    elif change == "parameters":
        params = {"start_date": "2025-02-01"}
    elif change in ("events", "quotes", "claims"):
        with (data / f"{change}.csv").open("a") as handle:
            handle.write("X9999\n")
    elif change == "reliability":
        (data / "reliability" / "second_coding.csv").write_text("id\nE0002\n")
    elif change == "new data file":
        (data / "reliability" / "adjudication.csv").write_text("id\n")
    elif change == "package":
        (project["pkg"] / "load.py").write_text("X = 2\n")
    elif change == "new module":
        (project["pkg"] / "extra.py").write_text("")
    elif change == "lock":
        (project["root"] / "requirements.lock").write_text("pandas==2.2.4\n")
    assert _key(project, params) != before


def test_the_cache_is_off_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nbcache.CACHE_ENV, "off")
    assert nbcache.cache_dir() is None
    monkeypatch.setenv(nbcache.CACHE_ENV, "")
    assert nbcache.cache_dir() is not None


def _entry() -> nbcache.Entry:
    return nbcache.Entry(
        notebook=b'{"cells": []}\n',
        page=("<html>page</html>", "A title"),
        rendered={("01_counts", "png"): b"\x89PNG", ("01_counts", "svg"): b"<svg/>"},
        has_svg=True,
    )


def test_an_entry_comes_back_byte_for_byte(tmp_path: Path) -> None:
    nbcache.store(tmp_path, "k" * 64, _entry(), {"source": "abc"})
    got = nbcache.load(tmp_path, "k" * 64)
    assert got == _entry()
    assert nbcache.load(tmp_path, "j" * 64) is None
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp")]


@pytest.mark.parametrize("damage", ["truncated", "edited", "empty", "a folder"])
def test_a_damaged_entry_is_removed_not_served(tmp_path: Path, damage: str) -> None:
    key = "a" * 64
    path = nbcache.store(tmp_path, key, _entry())
    assert path is not None
    raw = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "edited":
        path.write_bytes(raw.replace(b"A title", b"A other"))
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "a folder":  # not a file: not an entry, never served
        path.unlink()
        path.mkdir()
    assert nbcache.load(tmp_path, key) is None
    assert not path.is_file()


def test_an_entry_under_another_key_is_not_served(tmp_path: Path) -> None:
    path = nbcache.store(tmp_path, "b" * 64, _entry())
    assert path is not None
    path.rename(tmp_path / ("c" * 64))
    assert nbcache.load(tmp_path, "c" * 64) is None


def test_old_entries_are_pruned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nbcache, "KEEP", 2)
    (tmp_path / ("f" * 64)).mkdir()  # an entry of the former layout, the oldest
    os.utime(tmp_path / ("f" * 64), (0, 0))
    for i in range(5):
        nbcache.store(tmp_path, f"{i:064d}", _entry())
    assert len(list(tmp_path.iterdir())) == 2


def test_the_package_digest_covers_every_subpackage() -> None:
    names = {str(p.relative_to(nbcache.PACKAGE)) for p in nbcache.package_files()}
    assert {"cli.py", "analysis/metrics.py", "pipeline/nbcache.py"} <= names
    # package data too: an edited report template or worked example re-runs what used it
    assert {"publish/templates/page.css", "analysis/worked_examples.json"} <= names
    assert not any("__pycache__" in name for name in names)


def test_an_entry_signed_without_the_secret_is_not_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The entry is signed with this user's secret: one written elsewhere (a changed
    number, a script in the page) under a plain hash is not served, and set aside."""
    key = "d" * 64
    forged = nbcache.Entry(b"{}", ("<script>alert(1)</script>", "A title"))
    payload = pickle.dumps((key, {}, forged))
    (tmp_path / key).write_bytes(
        hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    )
    assert nbcache.load(tmp_path, key) is None
    assert not (tmp_path / key).exists()
    aside = list((tmp_path / nbcache.DAMAGED).iterdir())
    assert len(aside) == 1
    err = capsys.readouterr().err
    assert err == (
        f"warning: the cache entry {'d' * 16}... is damaged (it was not written by "
        "this user's runs (or was edited)); set aside as "
        f"{aside[0]}, and the notebook runs again\n"
    )


def test_an_entry_written_under_another_secret_is_not_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "e" * 64
    monkeypatch.setenv(memo.SECRET_ENV, str(tmp_path / "elsewhere" / "secret"))
    nbcache.store(tmp_path / "cache", key, _entry())
    monkeypatch.setenv(memo.SECRET_ENV, str(tmp_path / "mine" / "secret"))
    assert nbcache.load(tmp_path / "cache", key) is None


def test_the_secret_is_made_on_first_use_for_the_user_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(memo.SECRET_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert memo.secret_path() == tmp_path / "config" / "seesaw" / "cache-secret"
    first = memo.secret(nbcache._warn)
    assert first is not None and len(first) == 64
    assert (memo.secret_path().stat().st_mode & 0o777) == 0o600
    assert memo.secret(nbcache._warn) == first


def test_a_secret_inside_the_project_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from seesaw import paths

    inside = paths.ROOT / "build" / "cache-secret"
    monkeypatch.setenv(memo.SECRET_ENV, str(inside))
    assert nbcache.store(tmp_path, "f" * 64, _entry()) is None
    assert not inside.exists()
    assert capsys.readouterr().err == (
        f"warning: the cache secret {inside} is inside the project; the cache is off\n"
    )


def test_a_read_only_cache_folder_costs_the_cache_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root, permission bits stop nothing: the write fails as a read-only mount does."""
    import errno

    def read_only(self: Path, *_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    # made before the folder turns read-only
    assert memo.secret(nbcache._warn) is not None
    monkeypatch.setattr(Path, "mkdir", read_only)
    assert nbcache.store(tmp_path / "cache", "0" * 64, _entry()) is None
    assert capsys.readouterr().err == (
        f"warning: the notebook cache {tmp_path / 'cache'} cannot be written "
        "(Read-only file system); this notebook's outputs were kept but not cached\n"
    )


def test_pruning_never_touches_a_users_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder SEESAW_CACHE names may hold the user's own files and folders: only the
    cache's entries (named by their key) are ever pruned (the probe lost 13 files and a
    project folder)."""
    mine = tmp_path / "myproject" / "src"
    mine.mkdir(parents=True)
    (mine / "main.py").write_text("code")
    for i in range(5):
        (tmp_path / f"mine-{i}.txt").write_text("mine")
    for path in [tmp_path / "myproject", *tmp_path.glob("mine-*")]:
        os.utime(path, (0, 0))  # older than every entry
    monkeypatch.setattr(nbcache, "KEEP", 2)
    for i in range(5):
        nbcache.store(tmp_path, f"{i:064d}", _entry())
    assert (mine / "main.py").read_text() == "code"
    assert len(list(tmp_path.glob("mine-*.txt"))) == 5
    assert len([p for p in tmp_path.iterdir() if len(p.name) == 64]) == 2

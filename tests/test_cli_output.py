# ruff: noqa: N802 (test names carry the defect IDs of DEFECTS.md: test_D1_…)
"""``--output`` and ``--source`` at the command line: regression tests by defect ID.

D1 never over an input; D2 FIFOs, devices, ``-`` and symlinks are written
without being replaced; C6–C8 a directory, no permission or a full disk are one
line (exit 1) with the old file kept; M7 empty sources; M8 one wave is a data
error. The IDs are those of the reliability audit (DEFECTS.md).
"""

from __future__ import annotations

import errno
import os
import resource
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

from skl_socialmedia import progress as _progress
from skl_socialmedia.cli import main

DATA = "wave,org_code,uses\n2010,0114,1\n2012,0114,0\n2010,0115,1\n2012,0115,1\n"
ONE_WAVE = "wave,org_code,uses\n2010,0114,1\n2010,0115,0\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """Return the error's text after checking it is one line and no traceback."""
    assert err.count("\n") == 1, err
    assert err.startswith("skl-socialmedia: error: "), err
    assert "Traceback" not in err
    return err.removeprefix("skl-socialmedia: error: ").rstrip("\n")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small two-wave CSV in a fresh working directory."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data.csv"
    path.write_bytes(DATA.encode("utf-8"))
    return path


def _forbid_replacing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make any temporary file or rename fail the test (and do no harm)."""
    calls: list[str] = []

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        calls.append("mkstemp")
        raise AssertionError("a temporary file was made for a special file")

    def replace(*args: Any, **kwargs: Any) -> None:
        calls.append("replace")
        raise AssertionError("os.replace was called for a special file")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "replace", replace)
    return calls


# -- D1: never write over an input ---------------------------------------------


@pytest.mark.parametrize(
    ("source", "output"),
    [
        ("data.csv", "data.csv"),
        ("data.csv", "./data.csv"),
        ("data.csv", "sub/../data.csv"),
        ("data.csv", "{abs}"),
        ("{abs}", "data.csv"),
        ("data.csv", "link.csv"),  # a symlink to the input
        ("link.csv", "data.csv"),  # the input read through a symlink
        ("data.csv", "hard.csv"),  # a hard link: the same file
        ("csv://data.csv", "data.csv"),
        ("csv://{abs}", "./sub/../data.csv"),
    ],
)
def test_D1_output_over_the_input_is_refused(
    capsys: pytest.CaptureFixture[str], data: Path, source: str, output: str
) -> None:
    (data.parent / "sub").mkdir()
    (data.parent / "link.csv").symlink_to("data.csv")
    os.link(data, data.parent / "hard.csv")
    before = sorted(p.name for p in data.parent.iterdir())
    source, output = (s.replace("{abs}", str(data)) for s in (source, output))
    code, out, err = run(capsys, "report", "--source", source, "--output", output)
    assert code == 2
    assert out == ""
    message = one_line_error(err)
    assert "refusing to write the report over its input" in message
    assert repr(output) in message
    assert data.read_bytes() == DATA.encode("utf-8")  # byte for byte
    assert (data.parent / "link.csv").is_symlink()
    assert sorted(p.name for p in data.parent.iterdir()) == before  # no temp file


def test_D1_a_json_input_and_any_format_are_refused_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    records = (
        '[{"wave": 2010, "org_code": "0114", "uses": 1},'
        ' {"wave": 2012, "org_code": "0114", "uses": 0}]'
    )
    (tmp_path / "data.json").write_text(records, encoding="utf-8")
    code, _, err = run(
        capsys, "report", "--source", "json://data.json", "-o", "data.json",
        "--format", "csv",
    )  # fmt: skip
    assert code == 2
    assert "over its input 'data.json'" in one_line_error(err)
    assert (tmp_path / "data.json").read_text(encoding="utf-8") == records


def test_D1_another_file_beside_the_input_is_written(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, _, err = run(capsys, "report", "--source", "data.csv", "-o", "report.csv")
    assert (code, err) == (0, "")
    assert (
        (data.parent / "report.csv").read_text(encoding="utf-8").startswith("record,")
    )
    assert data.read_bytes() == DATA.encode("utf-8")


# -- D2: FIFOs, devices, '-' and symlinks ---------------------------------------


def test_D2_fifo_receives_the_report_and_stays_a_fifo(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = data.parent / "pipe.txt"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    calls = _forbid_replacing(monkeypatch)
    code, out, err = run(capsys, "report", "--output", str(fifo))
    thread.join(timeout=30)
    assert not thread.is_alive(), "the FIFO was never opened for writing"
    assert (code, out, err) == (0, "", "")
    assert calls == []
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"61 %" in received[0]
    assert received[0].startswith(b"Social media in Swedish municipalities")


def _private_null(directory: Path) -> Path:
    """A character device like /dev/null in ``directory`` (root), else /dev/null."""
    node = directory / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:  # not root: /dev/null itself cannot be replaced
        return Path("/dev/null")
    return node


def test_D2_device_node_is_written_not_replaced(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = _private_null(data.parent)
    before = node.lstat()
    calls = _forbid_replacing(monkeypatch)
    code, out, err = run(capsys, "report", "--format", "text", "--output", str(node))
    assert (code, out, err) == (0, "", "")
    assert calls == []
    after = node.lstat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_D2_dev_null_is_written_not_replaced(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.replace and mkstemp are made to fail, so a regression cannot harm
    # the system's /dev/null even when the tests run as root.
    before = os.lstat("/dev/null")
    calls = _forbid_replacing(monkeypatch)
    code, out, err = run(capsys, "report", "-o", "/dev/null")  # no suffix: text
    assert (code, out, err) == (0, "", "")
    assert calls == []
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_D2_dash_is_standard_output(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, out, err = run(capsys, "report", "--output", "-")
    assert (code, err) == (0, "")
    assert "61 %" in out
    assert not (data.parent / "-").exists()
    code, out, _ = run(capsys, "report", "-o", "-", "--format", "json")
    assert code == 0
    assert '"schema": "skl-socialmedia/report/2"' in out


def test_D2_dev_stdout_is_written_through_standard_output(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _forbid_replacing(monkeypatch)  # harmless even as root
    code, out, err = run(capsys, "report", "-o", "/dev/stdout")
    assert (code, err) == (0, "")
    assert calls == []
    assert out.startswith("Social media in Swedish municipalities")
    assert os.path.islink("/dev/stdout") or stat.S_ISCHR(
        os.lstat("/dev/stdout").st_mode
    )


# The child refuses temporary files and renames, so that a regression cannot
# replace the system's /dev/stdout even when the tests run as root.
_GUARDED_MAIN = """
import os, sys, tempfile
def refuse(*args, **kwargs):
    raise SystemExit("refused: a temporary file or a rename for /dev/stdout")
tempfile.mkstemp = refuse
os.replace = refuse
from skl_socialmedia.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_D2_dev_stdout_appends_to_the_redirected_file(tmp_path: Path) -> None:
    """``-o /dev/stdout`` writes through standard output: a ``>>`` redirect
    keeps what the file held, and the file is not replaced."""
    log = tmp_path / "log.txt"
    log.write_text("before\n", encoding="utf-8")
    inode = log.stat().st_ino
    command = [sys.executable, "-c", _GUARDED_MAIN, "report", "-o", "/dev/stdout"]
    with open(log, "ab") as handle:
        done = subprocess.run(
            command, stdout=handle, stderr=subprocess.PIPE, text=True, check=False
        )
    assert (done.returncode, done.stderr) == (0, "")
    text = log.read_text(encoding="utf-8")
    assert text.startswith("before\nSocial media in Swedish municipalities")
    assert log.stat().st_ino == inode
    assert [p.name for p in tmp_path.iterdir()] == ["log.txt"]
    piped = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (piped.returncode, piped.stderr) == (0, "")
    assert piped.stdout == text.removeprefix("before\n")


def test_D2_symlink_keeps_the_link_and_replaces_its_target(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    target = data.parent / "target.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = data.parent / "link.txt"
    link.symlink_to("target.txt")
    code, out, err = run(capsys, "report", "--output", "link.txt")
    assert (code, out, err) == (0, "", "")
    assert link.is_symlink()
    assert os.readlink(link) == "target.txt"
    assert "61 %" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640  # the target's mode is kept
    assert sorted(p.name for p in data.parent.iterdir()) == [
        "data.csv", "link.txt", "target.txt",
    ]  # fmt: skip


def test_D2_symlink_into_another_directory_and_dangling(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    a, b = data.parent / "a", data.parent / "b"
    a.mkdir()
    b.mkdir()
    (b / "target.md").write_text("old\n", encoding="utf-8")
    (a / "link.md").symlink_to("../b/target.md")
    (a / "dangling.md").symlink_to("../b/new.md")
    assert run(capsys, "report", "-o", "a/link.md")[0] == 0
    assert run(capsys, "report", "-o", "a/dangling.md", "--lang", "sv")[0] == 0
    assert (a / "link.md").is_symlink()
    assert (a / "dangling.md").is_symlink()
    assert (b / "target.md").read_text(encoding="utf-8").startswith("# Social media")
    assert "procentenheter" in (b / "new.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in a.iterdir()) == ["dangling.md", "link.md"]
    assert sorted(p.name for p in b.iterdir()) == ["new.md", "target.md"]


def test_D2_a_regular_file_is_still_replaced_atomically(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    target = data.parent / "report.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    other = data.parent / "other-name.txt"
    os.link(target, other)  # a hard link sees the old file: it was replaced
    assert run(capsys, "report", "-o", "report.txt")[0] == 0
    assert "61 %" in target.read_text(encoding="utf-8")
    assert other.read_text(encoding="utf-8") == "old\n"
    assert target.stat().st_mode & 0o777 == 0o604


# -- C6 to C8: a directory, no permission, a full disk --------------------------


@pytest.mark.parametrize(
    "args",
    [["-o", "adir", "--format", "text"], ["-o", "dir.txt"], ["-o", "dirlink.txt"]],
)
def test_C6_output_naming_a_directory_is_one_line(
    capsys: pytest.CaptureFixture[str], data: Path, args: list[str]
) -> None:
    for name in ("adir", "dir.txt"):
        (data.parent / name).mkdir()
    (data.parent / "dirlink.txt").symlink_to("dir.txt")
    code, out, err = run(capsys, "report", *args)
    assert (code, out) == (1, "")
    message = one_line_error(err)
    assert message.startswith(f"{args[1]}: is a directory, not a file")
    assert list((data.parent / "adir").iterdir()) == []
    assert list((data.parent / "dir.txt").iterdir()) == []
    assert not any(p.name.startswith(".") for p in data.parent.iterdir())


def test_C7_permission_denied_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root, permissions are not checked, so the refusal is simulated: the
    # temporary file cannot be made, as in a directory the user cannot write.
    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", "ro/.x.txt.abc")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    old = data.parent / "report.txt"
    old.write_text("OLD\n", encoding="utf-8")
    code, out, err = run(capsys, "report", "-o", "report.txt")
    assert (code, out) == (1, "")
    assert one_line_error(err) == (
        "report.txt: cannot write the report: permission denied (the old file is kept)"
    )
    assert old.read_text(encoding="utf-8") == "OLD\n"


def test_C7_unwritable_directory_is_refused_before_the_work(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # os.access answers as the kernel would for an unprivileged user (root is
    # allowed everything); the report is then not even built.
    (data.parent / "ro").mkdir()
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    code, out, err = run(capsys, "report", "-o", "ro/x.txt")
    assert (code, out) == (1, "")
    assert one_line_error(err) == (
        "ro/x.txt: cannot write the report: permission denied "
        "(the directory 'ro' is not writable)"
    )
    assert list((data.parent / "ro").iterdir()) == []


def test_C7_a_directory_even_root_cannot_write(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    # sysfs refuses to create files for everyone, root included (EACCES, or
    # EROFS where /sys is mounted read-only): a real refusal by the kernel.
    target = Path("/sys/skl-socialmedia-test-report.txt")
    code, out, err = run(capsys, "report", "-o", str(target))
    assert (code, out) == (1, "")
    message = one_line_error(err)
    assert message.startswith(f"{target}: cannot write the report: ")
    assert message.endswith(("permission denied", "read-only file system"))
    assert not target.exists()


def test_C8_file_size_limit_keeps_the_old_file(tmp_path: Path) -> None:
    old = tmp_path / "big.html"
    old.write_text("OLD\n", encoding="utf-8")

    def limit() -> None:  # in the child: files may not grow over 1 KiB
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    done = subprocess.run(
        [sys.executable, "-m", "skl_socialmedia", "report", "-o", str(old)],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=limit,  # only setrlimit runs between fork and exec
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert one_line_error(done.stderr) == (
        f"{old}: cannot write the report: file too large (over the file-size "
        "limit) (the old file is kept)"
    )
    assert old.read_text(encoding="utf-8") == "OLD\n"
    assert [p.name for p in tmp_path.iterdir()] == ["big.html"]  # no temp file


def test_C8_disk_full_keeps_the_old_file_and_no_temp_file(
    capsys: pytest.CaptureFixture[str], data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk may show only when the data are flushed: fsync fails.
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    old = data.parent / "report.txt"
    old.write_text("OLD\n", encoding="utf-8")
    code, out, err = run(capsys, "report", "-o", "report.txt")
    assert (code, out) == (1, "")
    assert one_line_error(err) == (
        "report.txt: cannot write the report: no space left on the device "
        "(the old file is kept)"
    )
    assert old.read_text(encoding="utf-8") == "OLD\n"
    assert sorted(p.name for p in data.parent.iterdir()) == ["data.csv", "report.txt"]


# -- M7, M8: empty sources, one wave ---------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("", "an empty source ('')"),
        ("  ", "an empty source ('  ')"),
        ("csv://", "no file named in the source 'csv://': give csv://PATH"),
        ("json://", "no file named in the source 'json://': give json://PATH"),
    ],
)
def test_M7_an_empty_source_is_named(
    capsys: pytest.CaptureFixture[str], data: Path, source: str, expected: str
) -> None:
    code, out, err = run(capsys, "report", "--source", source)
    assert (code, out) == (2, "")
    message = one_line_error(err)
    assert expected in message
    assert "directory" not in message


@pytest.mark.parametrize("spelling", ["one.csv", "csv://one.csv"])
def test_M8_one_wave_is_a_data_error(
    capsys: pytest.CaptureFixture[str], data: Path, spelling: str
) -> None:
    (data.parent / "one.csv").write_text(ONE_WAVE, encoding="utf-8")
    code, out, err = run(capsys, "report", "--source", spelling)
    assert (code, out) == (1, "")
    assert one_line_error(err) == (
        "one.csv: the data have one wave ('2010'); a report compares two waves"
    )
    code, _, err = run(
        capsys, "report", "--source", spelling, "--from", "2010", "--to", "2012"
    )
    assert code == 1
    assert "one wave ('2010')" in one_line_error(err)


def test_M8_one_wave_in_json_records(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    (data.parent / "one.json").write_text(
        '[{"wave": 2010, "org_code": "0114", "uses": 1}]', encoding="utf-8"
    )
    code, _, err = run(capsys, "report", "--source", "one.json")
    assert code == 1
    assert one_line_error(err).startswith("one.json: the data have one wave ('2010')")


# -- --quiet ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["report", "--quiet"], ["--quiet", "report"], ["report", "-q"]]
)
def test_quiet_switches_progress_off_for_the_run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    seen: list[bool] = []
    real = _progress.set_quiet

    def set_quiet(flag: bool = True) -> None:
        seen.append(flag)
        real(flag)

    monkeypatch.setattr(_progress, "set_quiet", set_quiet)
    was = _progress._QUIET
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert "61 %" in out
    assert seen[0] is True
    assert was == _progress._QUIET  # restored after the run
    seen.clear()
    assert run(capsys, "report")[0] == 0
    assert True not in seen

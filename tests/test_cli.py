"""The command line: the main job, errors as one line, atomic output."""

from __future__ import annotations

import csv
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skl_socialmedia.cli import main
from skl_socialmedia.plugins import PluginManager, reset_plugin_manager


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_prints_the_embedded_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report")
    assert code == 0
    assert err == ""
    assert "61 %" in out
    assert "+24 pp" in out


def test_report_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", "--lang", "sv")
    assert code == 0
    assert "procentenheter" in out
    assert "61\u00a0%" in out


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--bogus"],
        ["report", "--lang", "de"],
        ["nonsense"],
        [],
        ["report", "--confidence", "1.5"],
        ["report", "--confidence", "x"],
        ["report", "--by", "county"],
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("skl-socialmedia: error: ")
    assert "Traceback" not in err


def test_missing_file_is_a_data_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "svar.csv"
    code, _, err = run(capsys, "report", "--source", str(missing))
    assert code == 1
    assert "file not found" in err
    assert str(missing) in err
    assert err.count("\n") == 1


def test_unknown_source_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "--source", "kolada")
    assert code == 2
    assert "unknown source 'kolada'" in err


def test_unknown_wave(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "--from", "2011")
    assert code == 2
    assert "2011" in err


def test_output_file_is_written_atomically(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.txt"
    code, out, _ = run(capsys, "report", "--output", str(target))
    assert code == 0
    assert out == ""
    assert "61 %" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_failed_run_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "report.txt"
    code, _, _ = run(capsys, "report", "--from", "1999", "--output", str(target))
    assert code == 2
    assert list(tmp_path.iterdir()) == []


def test_output_into_missing_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "report", "-o", str(tmp_path / "no" / "r.txt"))
    assert code == 1
    assert "directory does not exist" in err


def test_python_dash_m_is_the_same_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "skl_socialmedia", "report"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert (
        done.stdout
        == subprocess.run(
            [
                sys.executable,
                "-c",
                "from skl_socialmedia.cli import main; main(['report'])",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert "skl-socialmedia" in capsys.readouterr().out


PANEL = (
    Path(__file__).resolve().parents[1] / "examples" / "data" / "synthetic_panel.csv"
)


def test_report_from_microdata(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", "--source", str(PANEL), "--items", "uses")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.startswith("municipalities")]
    assert len(lines) == 1
    assert "61.0 % (55.3–66.5)" in lines[0]
    assert "+14.8 pp (+10.1 to +19.5) *" in lines[0]
    assert "paired" in lines[0]


def test_report_from_microdata_in_swedish_by_county(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys, "report", "--source", str(PANEL), "--items", "uses", "--by", "county",
        "--lang", "sv",
    )  # fmt: skip
    assert code == 0, err
    assert "Skåne län" in out
    assert "procentenheter" in out


def test_register_none_accepts_foreign_codes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "enterprises.csv"
    rows = ["wave;org_code;org_kind;uses"]
    rows += [f"2020;E{i};enterprise;{'ja' if i % 2 else 'nej'}" for i in range(40)]
    rows += [f"2022;E{i};enterprise;{'ja' if i % 3 else 'nej'}" for i in range(40)]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "report", "--source", str(data))
    assert code == 1
    assert "E0" in err
    code, out, err = run(capsys, "report", "--source", str(data), "--register", "none")
    assert code == 0, err
    assert "enterprise" in out


def test_broken_microdata_file_is_one_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "svar.csv"
    data.write_text("wave,org_code,uses\n2010,0180,kanske\n", encoding="utf-8")
    code, out, err = run(capsys, "report", "--source", str(data))
    assert code == 1
    assert out == ""
    assert str(data) in err
    assert "line 2" in err
    assert "'uses'" in err
    assert "'kanske'" in err
    assert "Traceback" not in err


def test_published_figures_options_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "report", "--by", "county")
    assert code == 2
    assert "--by needs microdata" in err


def test_source_options_are_passed_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys, "report", "--source", str(PANEL), "--items", "uses",
        "--option", 'waves=["2010", "2012"]',
    )  # fmt: skip
    assert code == 0, err
    assert "municipalities" in out
    code, _, err = run(
        capsys, "report", "--source", str(PANEL), "--option", "nonsense=1"
    )
    assert code == 2
    assert "nonsense" in err
    code, _, err = run(capsys, "report", "--option", "novalue")
    assert code == 2
    assert "KEY=VALUE" in err


def test_output_file_gets_the_usual_permissions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    umask = os.umask(0o022)
    try:
        target = tmp_path / "report.txt"
        assert run(capsys, "report", "-o", str(target))[0] == 0
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o600)
        assert run(capsys, "report", "-o", str(target), "--lang", "sv")[0] == 0
        assert target.stat().st_mode & 0o777 == 0o600
        assert "procentenheter" in target.read_text(encoding="utf-8")
    finally:
        os.umask(umask)


PANEL = Path(__file__).parents[1] / "examples" / "data" / "synthetic_panel.csv"


def test_strata_and_population_add_the_whole_population_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys, "report", "--source", str(PANEL), "--items", "uses",
        "--strata", "org_kind", "--population", "municipality=400,county_council=30",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "all organisations" in out
    assert "whole population" in out
    code, out, _ = run(
        capsys, "report", "--source", str(PANEL), "--items", "uses",
        "--population", "register",
    )  # fmt: skip
    assert code == 0
    assert "all organisations" in out  # the register's sizes are per org_kind


@pytest.mark.parametrize(
    "population", ["municipality=", "=4", "-5", "municipality=x", "nocolumn"]
)
def test_bad_population_sizes_are_one_line(
    capsys: pytest.CaptureFixture[str], population: str
) -> None:
    code, out, err = run(
        capsys, "report", "--source", str(PANEL), "--population", population
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("skl-socialmedia: error: ")


def test_strata_need_microdata(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "--strata", "org_kind")
    assert code == 2
    assert "needs microdata" in err


def test_press_options_reach_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["report", "--source", str(PANEL), "--items", "uses,channel.facebook"]
    code, out, _ = run(capsys, *base, "--decimals", "0", "--no-intervals")
    assert code == 0
    assert "75.9" not in out
    assert "76 %" in out
    assert "(70.6–80.4)" not in out
    code, out, _ = run(capsys, *base, "--format", "csv")
    every = [r for r in csv.DictReader(io.StringIO(out)) if r["record"] == "row"]
    code, out, _ = run(capsys, *base, "--only-significant", "--format", "csv")
    assert code == 0
    shown = [r for r in csv.DictReader(io.StringIO(out)) if r["record"] == "row"]
    (significant,) = [c for c in shown[0] if c.startswith("change_significant_")]
    assert [r["item"] for r in shown] == [
        r["item"] for r in every if r[significant] == "true"
    ]
    assert 0 < len(shown) < len(every)
    code, out, _ = run(capsys, *base, "--base", "all", "--by", "none")
    assert "all respondents" in out
    code, _, err = run(capsys, *base, "--format-option", "colour=red")
    assert code == 2
    assert "takes no option colour" in err
    code, out, _ = run(capsys, "report", "--changes", "consecutive", "--format", "json")
    assert code == 0
    assert '"schema": "skl-socialmedia/report/2"' in out


@pytest.fixture
def plugins_dir(tmp_path: Path) -> Path:
    """A plugins folder: a hello source and a hello format, unpackaged."""
    from tests.plugins.folder_plugins import HELLO, HELLO_FORMAT, write_plugin

    write_plugin(tmp_path / "plugins", "hello", HELLO)
    write_plugin(tmp_path / "plugins", "hello_format", HELLO_FORMAT)
    return tmp_path / "plugins"


def test_plugins_dir_modules_are_listed(
    capsys: pytest.CaptureFixture[str], plugins_dir: Path
) -> None:
    code, out, _ = run(capsys, "--plugins-dir", str(plugins_dir), "plugins")
    assert code == 0
    hello = next(line for line in out.splitlines() if line.strip().startswith("hello "))
    assert f"plugins-dir {plugins_dir}" in hello


@pytest.mark.parametrize("before", [True, False])
def test_plugins_dir_source_and_format_make_the_report(
    capsys: pytest.CaptureFixture[str], plugins_dir: Path, before: bool
) -> None:
    option = ["--plugins-dir", str(plugins_dir)]
    command = ["report", "--source", "hello", "--format", "hello-text"]
    args = [*option, *command] if before else [*command, *option]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert out == "hello, 4 rows\n"


def test_plugins_dir_given_before_and_after_the_command_both_count(
    capsys: pytest.CaptureFixture[str], plugins_dir: Path, tmp_path: Path
) -> None:
    from tests.plugins.folder_plugins import HELLO_FORMAT, write_plugin

    other = write_plugin(tmp_path / "other", "greeting", HELLO_FORMAT).parent
    before, after = ["--plugins-dir", str(plugins_dir)], ["--plugins-dir", str(other)]
    code, out, _ = run(capsys, *before, "plugins", "--all", *after)
    assert code == 0
    assert "hello-text (clash)" in out  # claimed by a module of each folder
    assert f"plugin folders: {plugins_dir}, {other}" in out


def test_plugins_dir_is_for_the_run_only(
    capsys: pytest.CaptureFixture[str], plugins_dir: Path
) -> None:
    from skl_socialmedia.plugins import get_plugin_manager

    before = get_plugin_manager()
    assert run(capsys, "--plugins-dir", str(plugins_dir), "plugins")[0] == 0
    assert get_plugin_manager() is before
    assert "hello" not in get_plugin_manager().sources


def test_plugins_dir_broken_module_is_a_warning(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    plugins_dir: Path,
) -> None:
    from tests.plugins.folder_plugins import BROKEN, write_plugin

    write_plugin(plugins_dir, "broken", BROKEN)
    with caplog.at_level(logging.WARNING, logger="skl_socialmedia.plugins"):
        code, out, _ = run(capsys, "report", "--plugins-dir", str(plugins_dir))
    assert code == 0
    assert "61 %" in out
    (warning,) = [r.getMessage() for r in caplog.records]
    assert "warning: plugin 'broken' (plugins-dir" in warning
    assert "RuntimeError: broken on purpose" in warning


def test_plugins_dir_broken_module_is_an_error_in_strict_mode(
    capsys: pytest.CaptureFixture[str], plugins_dir: Path
) -> None:
    from tests.plugins.folder_plugins import BROKEN, write_plugin

    write_plugin(plugins_dir, "broken", BROKEN)
    strict = {"SKL_SOCIALMEDIA_STRICT_PLUGINS": "1"}
    reset_plugin_manager(PluginManager(entry_points=(), environ=strict))
    code, out, err = run(capsys, "--plugins-dir", str(plugins_dir), "report")
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("skl-socialmedia: error: plugin 'broken'")
    assert "Traceback" not in err


def test_a_missing_plugins_dir_is_a_usage_error_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = run(capsys, "report", "--plugins-dir", str(missing))
    assert code == 2
    assert out == ""
    message = f"the plugins folder '{missing}' does not exist"
    assert err == f"skl-socialmedia: error: {message}\n"


def test_plugins_dir_from_the_variable(plugins_dir: Path) -> None:
    env = {**os.environ, "SKL_SOCIALMEDIA_PLUGINS_DIR": str(plugins_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "skl_socialmedia", "report", "--source", "hello",
         "--format", "hello-text"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "hello, 4 rows\n"

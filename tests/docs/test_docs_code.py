"""Every code block in the docs and the README runs, and prints what it shows.

Pages: ``README.md`` and every ``docs/**/*.md``, found afresh on each run, so a
new page is tested as soon as it exists. The conventions (see
``docs/contributing.md``):

* ``python`` blocks run in page order, all blocks of a page in one namespace,
  with the repository root as the working directory.
* ``pycon`` blocks are doctests (``>>>`` prompts, the expected output below
  them; ``NORMALIZE_WHITESPACE`` and ``ELLIPSIS``), run in the same namespace.
* ``sh`` (or ``bash``, ``shell``) blocks: every line is ``skl-socialmedia ARGS``
  or ``python -m skl_socialmedia ARGS``, optionally after ``NAME=value``
  environment settings and followed by a ``# comment``; each runs the command
  line with this interpreter and must exit with status 0. Any other line
  (installs, pipes, other programs) is an error unless the block is skipped.
* Shown output: a ``text`` block that follows a ``python`` or ``sh`` block
  directly (only blank lines between) is what that block prints on standard
  output, compared line by line (trailing spaces and surrounding blank lines
  ignored). Every other ``text`` block is not checked.
* Skipping: the line directly before the opening fence is
  ``<!-- skip-test -->`` or ``<!-- skip-test: why -->`` — for blocks that
  install packages, need the network, or are signatures rather than code.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

SKIP = re.compile(r"^<!--\s*skip-test(?::\s*(?P<why>.*?))?\s*-->$")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)")
SHELL = ("sh", "bash", "shell")
PROGRAMS = (("skl-socialmedia",), ("python", "-m", "skl_socialmedia"))
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")

# Pages known to fail, each with the reason and who must fix it. The test of
# such a page is expected to fail (strict: once it passes, remove the entry).
KNOWN_FAILURES: dict[str, str] = {}


@attrs.frozen
class Block:
    """One fenced code block of a page."""

    lang: str
    code: str
    line: int  # line number of the first line of code (1-based)
    skip: str | None  # reason, when marked <!-- skip-test -->
    output: str | None = None  # the directly following ``text`` block


def pages() -> list[Path]:
    """Return README.md and every Markdown page under docs/, sorted."""
    found = sorted(DOCS.rglob("*.md"))
    readme = ROOT / "README.md"
    return ([readme] if readme.exists() else []) + found


def parse_blocks(text: str) -> list[Block]:
    """Return the fenced code blocks of ``text``, with outputs attached."""
    lines = text.splitlines()
    blocks: list[Block] = []
    # (block, index of the line after its closing fence)
    raw: list[tuple[Block, int, int]] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, lang = match["indent"], match["fence"], match["lang"].lower()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not (
            lines[i].strip().startswith(fence) and not lines[i].strip()[len(fence) :]
        ):
            line = lines[i]
            body.append(line[len(indent) :] if line.startswith(indent) else line)
            i += 1
        previous = lines[start - 1].strip() if start > 0 else ""
        marker = SKIP.match(previous)
        skip = None if marker is None else (marker["why"] or "marked skip-test")
        code = "\n".join(body) + "\n"
        raw.append((Block(lang, code, start + 2, skip), start, i))
        i += 1
    for n, (block, _start, end) in enumerate(raw):
        follower = raw[n + 1] if n + 1 < len(raw) else None
        if (
            block.lang in ("python", *SHELL)
            and follower is not None
            and follower[0].lang == "text"
            and all(not line.strip() for line in lines[end + 1 : follower[1]])
        ):
            block = attrs.evolve(block, output=follower[0].code)
        blocks.append(block)
    return blocks


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _check_output(where: str, shown: str | None, printed: str) -> None:
    if shown is None:
        return
    assert _normalise(printed) == _normalise(shown), (
        f"{where}: the output shown in the docs differs from what the block "
        f"prints.\n--- shown\n{shown}\n--- printed\n{printed}"
    )


@contextlib.contextmanager
def page_module(name: str) -> Iterator[dict[str, object]]:
    """Yield the namespace of a throw-away module (so that classes work)."""
    module = types.ModuleType(name)
    sys.modules[name] = module
    try:
        yield module.__dict__
    finally:
        del sys.modules[name]


def run_python(where: str, block: Block, namespace: dict[str, object]) -> None:
    source = "\n" * (block.line - 1) + block.code
    code = compile(source, where.rpartition(":")[0], "exec", dont_inherit=True)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code, namespace)
    _check_output(where, block.output, printed.getvalue())


def run_pycon(where: str, block: Block, namespace: dict[str, object]) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(
        block.code, namespace, where, where.rpartition(":")[0], block.line - 1
    )
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=flags)
    runner.run(test, out=report.write, clear_globs=False)
    assert runner.failures == 0, f"{where}: doctest failed\n{report.getvalue()}"


def shell_command(line: str) -> tuple[dict[str, str], list[str]] | None:
    """Return (environment, argv) of a runnable line; None for blank/comment."""
    words = shlex.split(line, comments=True)
    if not words:
        return None
    env: dict[str, str] = {}
    while words and ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    for program in PROGRAMS:
        if tuple(words[: len(program)]) == program:
            return env, [
                sys.executable,
                "-m",
                "skl_socialmedia",
                *words[len(program) :],
            ]
    raise AssertionError(
        f"not a skl-socialmedia command: {line!r}; mark the block "
        "<!-- skip-test: why --> if it must not run"
    )


def run_command(env: dict[str, str], argv: list[str]) -> tuple[int, str, str]:
    """Run the command line; return (status, stdout, stderr).

    Without environment settings it runs in this process (``cli.main``, what
    the ``skl-socialmedia`` script calls), which is fast; with them, in a
    subprocess, so that the settings apply from the start.
    """
    if not env:
        from skl_socialmedia.cli import main

        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        err = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv[3:])
            except SystemExit as exc:  # --help, --version
                status = exc.code if isinstance(exc.code, int) else 1
        out.flush()
        return status, raw.getvalue().decode("utf-8"), err.getvalue()
    done = subprocess.run(
        argv,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def run_shell(where: str, block: Block) -> None:
    printed: list[str] = []
    for line in block.code.splitlines():
        try:
            command = shell_command(line)
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from None
        if command is None:
            continue
        status, stdout, stderr = run_command(*command)
        assert status == 0, f"{where}: {line!r} exited with status {status}\n{stderr}"
        printed.append(stdout)
    _check_output(where, block.output, "".join(printed))


def run_page(page: Path) -> int:
    """Run every block of ``page`` (from the repository root); return how many ran."""
    rel = page.relative_to(ROOT).as_posix()
    ran = 0
    with page_module("docs_page_" + re.sub(r"\W", "_", rel)) as namespace:
        for block in parse_blocks(page.read_text(encoding="utf-8")):
            where = f"{rel}:{block.line}"
            if block.skip is not None:
                continue
            if block.lang == "python":
                run_python(where, block, namespace)
            elif block.lang == "pycon":
                run_pycon(where, block, namespace)
            elif block.lang in SHELL:
                run_shell(where, block)
            else:
                continue
            ran += 1
    return ran


PAGES = pages()


def _param(page: Path) -> object:
    rel = page.relative_to(ROOT).as_posix()
    marks = []
    if rel in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[rel], strict=True))
    return pytest.param(page, id=rel, marks=marks)


@pytest.mark.parametrize("page", [_param(p) for p in PAGES])
def test_code_blocks_run_and_print_what_they_show(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    run_page(page)


def test_pages_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert {"README.md", "docs/index.md", "docs/getting_started.md"} <= names


def test_known_failures_are_pages() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert set(KNOWN_FAILURES) <= names


# -- the conventions themselves -----------------------------------------------

SAMPLE = """\
Intro.

```python
print("hello")
```

```text
hello
```

Prose.

```text
not output: prose came between
```

<!-- skip-test: installs a package -->
```sh
pip install something
```

```sh
skl-socialmedia report  # the embedded figures
```

```pycon
>>> 1 + 1
2
```
"""


def test_parse_blocks_attaches_output_and_skip_markers() -> None:
    blocks = parse_blocks(SAMPLE)
    assert [b.lang for b in blocks] == ["python", "text", "text", "sh", "sh", "pycon"]
    python, _, prose, install, report, pycon = blocks
    assert python.output == "hello\n"
    assert python.line == 4
    assert prose.output is None
    assert install.skip == "installs a package"
    assert report.skip is None
    assert report.output is None
    assert pycon.code == ">>> 1 + 1\n2\n"


def test_shell_lines() -> None:
    env, argv = shell_command("SKL_SOCIALMEDIA_LOAD_PLUGINS= skl-socialmedia plugins")
    assert env == {"SKL_SOCIALMEDIA_LOAD_PLUGINS": ""}
    assert argv == [sys.executable, "-m", "skl_socialmedia", "plugins"]
    _, argv = shell_command("python -m skl_socialmedia report --lang sv  # Swedish")
    assert argv[-3:] == ["report", "--lang", "sv"]
    assert shell_command("# a comment") is None
    with pytest.raises(AssertionError, match="skip-test"):
        shell_command("pip install skl-socialmedia")


def test_output_mismatch_is_reported() -> None:
    block = parse_blocks('```python\nprint("a")\n```\n\n```text\nb\n```\n')[0]
    with (
        page_module("docs_page_sample") as namespace,
        pytest.raises(AssertionError, match="differs"),
    ):
        run_python("sample.md:2", block, namespace)


def test_failing_doctest_is_reported() -> None:
    block = parse_blocks("```pycon\n>>> 1 + 1\n3\n```\n")[0]
    with (
        page_module("docs_page_sample") as namespace,
        pytest.raises(AssertionError, match="doctest failed"),
    ):
        run_pycon("sample.md:2", block, namespace)


def test_commands_with_settings_run_in_a_subprocess() -> None:
    fast = run_command({}, [sys.executable, "-m", "skl_socialmedia", "report"])
    slow = run_command(
        {"SKL_SOCIALMEDIA_LOAD_PLUGINS": ""},
        [sys.executable, "-m", "skl_socialmedia", "report"],
    )
    assert fast[0] == slow[0] == 0
    assert fast[1] == slow[1]
    assert "61 %" in fast[1]

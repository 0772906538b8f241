"""Generate the command-line reference from the argparse parser.

A MkDocs hook (``hooks:`` in ``mkdocs.yml``): at build time the line
``<!-- cli-reference -->`` in ``docs/cli.md`` is replaced by the reference built
from :func:`skl_socialmedia.cli.build_parser`, so the page always matches the
installed program and cannot go stale. ``python docs/gen_cli.py`` prints the
generated Markdown. The usage blocks are formatted at a fixed width, so the page
does not depend on the terminal that builds it.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
from typing import Any

MARKER = "<!-- cli-reference -->"
PAGE = "cli.md"
WIDTH = 80
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _with_width(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.formatter_class = functools.partial(argparse.HelpFormatter, width=WIDTH)
    return parser


def _subcommands(
    parser: argparse.ArgumentParser,
) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """Return (name, one-line help, parser) of every subcommand, in order."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                found.append((name, helps.get(name, ""), sub))
    return found


def _expand_help(action: argparse.Action, prog: str) -> str:
    """Expand ``%(default)s`` and friends the way argparse's --help does."""
    if not action.help:
        return ""
    params: dict[str, Any] = dict(vars(action), prog=prog)
    params = {k: v for k, v in params.items() if v is not argparse.SUPPRESS}
    if params.get("choices") is not None:
        params["choices"] = ", ".join(str(c) for c in params["choices"])
    return str(action.help % params)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _value(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ""
    if action.metavar is not None:
        return f"`{action.metavar}`"
    if action.choices is not None:
        return " \\| ".join(f"`{c}`" for c in action.choices)
    return f"`{action.dest.upper()}`"


def _default(action: argparse.Action) -> str:
    default = action.default
    if action.nargs == 0 or default is None or default is argparse.SUPPRESS:
        return ""
    return f"`{default}`"


def _options_table(parser: argparse.ArgumentParser) -> list[str]:
    rows = [
        "| option | value | default | description |",
        "|---|---|---|---|",
    ]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or not action.option_strings:
            continue
        names = ", ".join(f"`{s}`" for s in action.option_strings)
        help_text = _cell(_expand_help(action, parser.prog))
        rows.append(
            f"| {names} | {_value(action)} | {_default(action)} | {help_text} |"
        )
    return rows


def _usage(parser: argparse.ArgumentParser) -> list[str]:
    return ["```text", _with_width(parser).format_usage().rstrip(), "```"]


def _description(parser: argparse.ArgumentParser) -> list[str]:
    # As argparse prints it: only "%(prog)" is expanded in a description.
    text = parser.description or ""
    if "%(prog)" in text:
        text = text % {"prog": parser.prog}
    return [text] if text else []


def generate(parser: argparse.ArgumentParser | None = None) -> str:
    """Return the Markdown reference of ``parser`` (default: the real one)."""
    if parser is None:
        if SRC not in sys.path and "skl_socialmedia" not in sys.modules:
            sys.path.insert(0, SRC)  # document the source tree, like mkdocstrings
        from skl_socialmedia.cli import build_parser

        parser = build_parser()
    lines = [f"## {parser.prog}", "", *_usage(parser), ""]
    lines += [*_description(parser), ""]
    commands = _subcommands(parser)
    if commands:
        lines += ["| command | description |", "|---|---|"]
        lines += [
            f"| [`{name}`](#{_anchor(parser, name)}) | {_cell(h)} |"
            for name, h, _ in commands
        ]
        lines.append("")
    lines += _options_table(parser)
    lines.append("")
    for name, help_text, sub in commands:
        lines += [f"## {parser.prog} {name}", "", *_usage(sub), ""]
        description = _description(sub) or [help_text]
        lines += [*description, "", *_options_table(sub), ""]
    return "\n".join(lines)


def _anchor(parser: argparse.ArgumentParser, name: str) -> str:
    """Return the anchor MkDocs gives the heading ``## <prog> <name>``."""
    return f"{parser.prog} {name}".lower().replace(" ", "-")


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """MkDocs hook: put the generated reference into ``cli.md``."""
    if page.file.src_uri != PAGE:
        return markdown
    if markdown.count(MARKER) != 1:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"{PAGE} must contain the line {MARKER!r} exactly once")
    return markdown.replace(MARKER, generate())


if __name__ == "__main__":
    print(generate())

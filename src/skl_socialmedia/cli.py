"""The ``skl-socialmedia`` command line.

Any :class:`~skl_socialmedia.errors.SklSocialMediaError` becomes one line on
stderr and a non-zero exit status (2 for usage, 1 for data); never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from skl_socialmedia import progress as _progress
from skl_socialmedia._cli_parser import Parser as _Parser
from skl_socialmedia._cli_parser import plugins_dir_option, plugins_dirs_of
from skl_socialmedia._version import __version__
from skl_socialmedia.errors import (
    DataError,
    Location,
    SklSocialMediaError,
    UsageError,
)
from skl_socialmedia.new_plugin import add_new_plugin_command, run_new_plugin
from skl_socialmedia.plugins.dispatch import checked_source, load
from skl_socialmedia.plugins.manager import (
    PluginManager,
    get_plugin_manager,
    guarded_render,
    reset_plugin_manager,
)
from skl_socialmedia.report.display import LANGUAGES, check_language
from skl_socialmedia.report.model import Report

__all__ = ["build_parser", "main"]

PROG = "skl-socialmedia"


_QUIET_HELP = "show no progress bar (also: SKL_SOCIALMEDIA_QUIET=1)"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the command line."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Analyse surveys of organisations' use of social media: rates, "
            "percentage-point changes and confidence intervals."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help=_QUIET_HELP,
    )
    plugins_dir_option(parser, after=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    report = commands.add_parser(
        "report",
        help="print the report (default: the embedded SKL 2010/2012 figures)",
        description=(
            "Compare two survey waves: rates per group and item, the change in "
            "percentage points, and where microdata allow, 95 % intervals."
        ),
    )
    report.add_argument(
        "--source",
        default="embedded",
        metavar="PATH_OR_NAME",
        help="data source: a source name ('embedded', the default), a URI or a file",
    )
    report.add_argument(
        "--format",
        default=None,
        metavar="NAME",
        help="output format (default: from the --output suffix, else text)",
    )
    report.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="FILE",
        help=(
            "write to FILE instead of standard output: a file is replaced "
            "atomically (a symlink's target, the link stays), a FIFO or device "
            "is written straight, '-' is standard output; never an input file"
        ),
    )
    report.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        default=argparse.SUPPRESS,  # keeps a --quiet given before the command
        help=_QUIET_HELP,
    )
    plugins_dir_option(report, after=True)
    report.add_argument(
        "--lang", default="en", choices=LANGUAGES, help="output language"
    )
    report.add_argument("--from", dest="before", metavar="WAVE", help="earlier wave")
    report.add_argument("--to", dest="after", metavar="WAVE", help="later wave")
    report.add_argument(
        "--by",
        default=None,
        metavar="GROUPING",
        help="group by org_kind (default) or any attribute column; 'none' for all",
    )
    report.add_argument(
        "--items",
        default=None,
        metavar="ITEM[,ITEM…]",
        help="items to report, comma separated (default: all)",
    )
    report.add_argument(
        "--among",
        default=None,
        metavar="ITEM",
        help="rate items among those who answered yes to ITEM (e.g. uses)",
    )
    report.add_argument(
        "--register",
        default="se",
        metavar="NAME",
        help="organisation register: 'se' (default) or 'none' to accept any code",
    )
    report.add_argument(
        "--option",
        dest="options",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="pass an option to the data source (repeatable), e.g. org_code_width=4",
    )
    report.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        metavar="LEVEL",
        help="confidence level of the intervals (default 0.95)",
    )
    report.add_argument(
        "--df",
        type=_degrees_of_freedom,
        default=math.inf,
        metavar="DF",
        help=(
            "degrees of freedom of the intervals' quantile: 'design' (the "
            "design's organisations less its strata, Student's t, as R survey's "
            "svyciprop) or a number; default: the normal quantile"
        ),
    )
    report.add_argument(
        "--base",
        default="routed",
        choices=("routed", "all"),
        help=(
            "whom figures are shares of: 'routed' (default: those each question "
            "was asked of) or 'all' (every respondent, not-asked as no)"
        ),
    )
    report.add_argument(
        "--changes",
        default="first-last",
        choices=("first-last", "consecutive"),
        help="which changes to show: first to last wave (default) or consecutive",
    )
    report.add_argument(
        "--decimals",
        type=int,
        default=None,
        metavar="N",
        help=(
            "decimals of the percentages (default: whole percent in sentences, "
            "one decimal in tables; published figures keep their own)"
        ),
    )
    report.add_argument(
        "--only-significant",
        action="store_true",
        help="show only rows whose change is significant",
    )
    report.add_argument(
        "--no-intervals",
        dest="intervals",
        action="store_false",
        help="leave the confidence intervals out",
    )
    report.add_argument(
        "--format-option",
        dest="format_options",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="pass an option to the output format (repeatable), e.g. width=1280",
    )
    report.add_argument(
        "--columns",
        default=None,
        metavar="ROLE=COLUMN,…",
        help=(
            "the columns of the reserved roles (wave, org_code, org_kind, weight) "
            "when called otherwise, e.g. org_code=org_id,wave=year"
        ),
    )
    report.add_argument(
        "--strata",
        default=None,
        metavar="COLUMN",
        help=(
            "stratify the design by COLUMN (e.g. org_kind): the report gains an "
            "'all organisations' row, the whole population's estimate"
        ),
    )
    report.add_argument(
        "--population",
        default=None,
        metavar="SIZES",
        help=(
            "population sizes for the finite population correction: 'register' "
            "(the register's count per org_kind), a number, STRATUM=N[,…] or "
            "the name of a column holding each row's N"
        ),
    )
    report.add_argument(
        "--engine",
        default="numpy",
        choices=("numpy", "duckdb"),
        help=(
            "what counts the microdata: numpy (in memory, the default) or duckdb "
            "(SQL over a Parquet or CSV file larger than memory; answers 1/0)"
        ),
    )
    plugins = commands.add_parser(
        "plugins",
        help="list every data source and output format, and the plugins behind them",
    )
    plugins.add_argument(
        "--all",
        action="store_true",
        help="also list plugins that add nothing, and the plugin settings",
    )
    plugins.add_argument("--json", action="store_true", help="print JSON")
    plugins_dir_option(plugins, after=True)
    add_new_plugin_command(commands)
    return parser


def _degrees_of_freedom(text: str) -> float | str:
    """Read ``--df``: ``design``, ``normal``/``inf`` or a positive number."""
    value = text.strip().lower()
    if value == "design":
        return value
    if value in ("normal", "inf"):
        return math.inf
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not number > 0:
        raise argparse.ArgumentTypeError(
            f"expected 'design', 'normal' or a positive number, not {text!r}"
        )
    return number


def _build_report(args: argparse.Namespace) -> Report:
    # Each kind of data imports its own report (the embedded figures need no
    # tally, no survey): the start-up of the default report is issue 19's.
    from skl_socialmedia.published.figures import PublishedFigures

    source: str = checked_source(args.source)
    if args.engine == "duckdb":
        return _duckdb_report(source, args)
    path = Path(source)
    manager = get_plugin_manager()
    if source not in manager.sources and "://" not in source:
        if not path.exists():
            if path.suffix:
                raise DataError("file not found", Location(file=source))
            manager.resolve_source(source)  # raises, listing what is known
        elif path.is_dir():
            raise DataError("is a directory, not a file", Location(file=source))
    cls = manager.resolve_source(source)
    options: dict[str, Any] = _source_options(args.options)
    if cls.name not in ("embedded", "published"):
        options.setdefault("register", args.register)
    if getattr(cls, "takes_mapping", False):  # a table: --by/--items pick dimensions
        for key in ("by", "items"):
            if getattr(args, key) is not None:
                options.setdefault(key, getattr(args, key))
        args = argparse.Namespace(**{**vars(args), "by": None, "items": None})
    if args.columns is not None:
        if "columns" in options:
            raise UsageError("give the columns once: --columns or --option columns=")
        options["columns"] = args.columns
    loaded = load(source, **options)
    _check_two_waves(loaded, source)
    if isinstance(loaded, PublishedFigures):
        from skl_socialmedia.report.from_published import report_from_published

        _refuse_microdata_options(args, "published figures")
        return report_from_published(
            loaded, before=args.before, after=args.after, changes=args.changes
        )
    from skl_socialmedia.tally.model import Tally

    if isinstance(loaded, Tally):
        from skl_socialmedia.report.from_tally import report_from_tally
        from skl_socialmedia.tally.estimates import EstimateOptions

        _refuse_microdata_options(args, "counts (a tally)")
        return report_from_tally(
            loaded,
            before=args.before,
            after=args.after,
            options=EstimateOptions(confidence=args.confidence, df=args.df),
            source=source,
            changes=args.changes,
        )
    return _microdata_report(loaded, source, args)


def _duckdb_report(source: str, args: argparse.Namespace) -> Report:
    """Count the canonical file ``source`` with DuckDB; report from the tally."""
    from skl_socialmedia.engines.canonical import file_spec
    from skl_socialmedia.engines.duckdb import count
    from skl_socialmedia.report.from_tally import report_from_tally
    from skl_socialmedia.tally.estimates import EstimateOptions

    for option, value in (
        ("--population", args.population),
        ("--columns", args.columns),
        ("--base", None if args.base == "routed" else args.base),
    ):
        if value is not None:
            raise UsageError(f"{option} is not taken with --engine duckdb")
    items = (
        [i.strip() for i in args.items.split(",") if i.strip()] if args.items else None
    )
    spec = file_spec(
        source,
        items=items,
        by=args.by if args.by is not None else "org_kind",
        among=args.among,
        strata=args.strata,
    )
    return report_from_tally(
        count(source, spec),
        before=args.before,
        after=args.after,
        options=EstimateOptions(confidence=args.confidence, df=args.df),
        source=source,
        changes=args.changes,
    )


def _input_files(source: str) -> list[str]:
    """Return the files ``--source`` reads: the path, or a URI's path part."""
    if source in get_plugin_manager().sources:
        return []
    files = [source]
    _, sep, rest = source.partition("://")
    if sep and rest:
        files.append(rest)
    return files


def _check_two_waves(loaded: object, source: str) -> None:
    """Refuse data of fewer than two waves: a data error (exit 1), not usage."""
    from skl_socialmedia.published.figures import PublishedFigures

    if isinstance(loaded, PublishedFigures):
        waves: Sequence[str] = loaded.wave_ids
    else:
        waves = getattr(loaded, "waves", ())
    if len(waves) >= 2:
        return
    what = f"one wave ({waves[0]!r})" if waves else "no wave"
    _, sep, rest = source.partition("://")
    raise DataError(
        f"the data have {what}; a report compares two waves",
        Location(file=rest if sep and rest else source),
    )


def _source_options(pairs: list[str], flag: str = "--option") -> dict[str, Any]:
    """Parse ``KEY=VALUE`` pairs; values are JSON if they parse, else text."""
    import json

    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise UsageError(f"{flag} expects KEY=VALUE, not {pair!r}")
        try:
            options[key] = json.loads(value)
        except json.JSONDecodeError:
            options[key] = value
    return options


def _refuse_microdata_options(args: argparse.Namespace, what: str) -> None:
    for option, value in (
        ("--by", args.by),
        ("--items", args.items),
        ("--among", args.among),
        ("--strata", args.strata),
        ("--population", args.population),
        ("--base", None if args.base == "routed" else args.base),
    ):
        if value is not None:
            raise UsageError(f"{option} needs microdata; {what} have no responses")


def _population(text: str, survey: Any) -> Any:
    """Read ``--population``: 'register', a number, STRATUM=N,… or a column."""
    from skl_socialmedia.survey.model import register_populations

    text = text.strip()
    if text == "register":
        if survey.register is None:
            raise UsageError(
                "--population register needs a register (not --register none)"
            )
        return register_populations(survey.register)
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        pass
    if "=" not in text:
        return text
    sizes: dict[str, float] = {}
    for part in text.split(","):
        stratum, sep, number = part.partition("=")
        try:
            sizes[stratum.strip()] = float(number)
        except ValueError:
            raise UsageError(
                f"--population expects STRATUM=N[,…], not {part.strip()!r}"
            ) from None
        if not sep or not stratum.strip():
            raise UsageError(f"--population expects STRATUM=N[,…], not {part!r}")
    return sizes


def _with_design(survey: Any, args: argparse.Namespace) -> Any:
    """Return ``survey`` under ``--strata``/``--population``, if given."""
    if args.strata is None and args.population is None:
        return survey
    population = (
        None if args.population is None else _population(args.population, survey)
    )
    strata = args.strata
    if strata is None and isinstance(population, dict) and len(population) > 1:
        strata = "org_kind"  # the register's sizes are per org_kind
    design = attrs.evolve(survey.design, strata=strata, population=population)
    return survey.with_design(design)


def _microdata_report(survey: Any, source: str, args: argparse.Namespace) -> Report:
    from skl_socialmedia.report.from_survey import report_from_survey

    survey = _with_design(survey, args)

    by = args.by if args.by is not None else "org_kind"
    items = (
        [i.strip() for i in args.items.split(",") if i.strip()] if args.items else None
    )
    return report_from_survey(
        survey,
        before=args.before,
        after=args.after,
        by=None if by == "none" else by,
        items=items,
        among=args.among,
        confidence=args.confidence,
        df=args.df,
        source=source,
        base=args.base,
        changes=args.changes,
    )


def _run_report(args: argparse.Namespace) -> int:
    lang = check_language(args.lang)
    if not 0 < args.confidence < 1:
        raise UsageError(
            f"--confidence must lie strictly between 0 and 1, not {args.confidence}"
        )
    manager = get_plugin_manager()
    output: str | None = args.output
    if output is not None:  # imported only then: its tempfile costs start-up
        from skl_socialmedia.output import STDOUT, check_output, write_output
    if args.format is not None:
        fmt = manager.resolve_format(args.format)
    elif output is not None and output != STDOUT and Path(output).suffix:
        fmt = manager.resolve_format(output)
    else:
        fmt = manager.resolve_format("text")
    inputs = _input_files(args.source)
    if output is not None:
        check_output(output, inputs)  # before any work: not an input, …
    render_options = _source_options(args.format_options, "--format-option")
    render_options["lang"] = lang
    if args.decimals is not None:
        render_options["decimals"] = args.decimals
    if args.only_significant:
        render_options["only_significant"] = True
    if not args.intervals:
        render_options["intervals"] = False
    report = _build_report(args)
    rendered = guarded_render(fmt, report, **render_options)
    if output is not None:
        write_output(output, rendered, inputs)
    elif isinstance(rendered, bytes):
        if sys.stdout.isatty():
            raise UsageError(
                f"the {fmt.name} format is binary; write it to a file with --output"
            )
        sys.stdout.buffer.write(rendered)
    else:
        sys.stdout.write(rendered)
    return 0


def _run_plugins(args: argparse.Namespace) -> int:
    from skl_socialmedia.plugins.listing import plugins_json, plugins_text

    manager = get_plugin_manager()
    if args.json:
        sys.stdout.write(plugins_json(manager, show_all=args.all))
    else:
        sys.stdout.write(plugins_text(manager, show_all=args.all))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    was_quiet = _progress._QUIET
    manager: list[PluginManager | None] = []  # the one to restore, if replaced
    try:
        args = parser.parse_args(argv)
        if args.quiet:
            _progress.set_quiet(True)
        folders = plugins_dirs_of(args)
        if folders:  # for this run: restored after it (main may run in-process)
            manager.append(reset_plugin_manager())
            with_folders = (
                PluginManager(plugins_dir=folders)
                if manager[0] is None
                else manager[0].with_plugins_dir(folders)
            )
            reset_plugin_manager(with_folders)
        if args.command == "report":
            return _run_report(args)
        if args.command == "plugins":
            return _run_plugins(args)
        if args.command == "new-plugin":
            return run_new_plugin(args)
        raise UsageError(f"unknown command {args.command!r}")  # pragma: no cover
    except SklSocialMediaError as exc:
        first = str(exc)
        print(f"{PROG}: error: {first}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    finally:
        _progress.set_quiet(was_quiet)
        if manager:
            reset_plugin_manager(manager[0])


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

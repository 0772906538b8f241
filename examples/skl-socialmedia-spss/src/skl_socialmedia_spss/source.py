"""SPSS ``.sav`` and ``.zsav`` files as a skl-socialmedia data source.

The file is read with :func:`pyreadstat.read_sav`, keeping the codes
(``apply_value_formats=False``) and taking the value labels from the metadata.
One case is one organisation in one wave; a case's number (1-based, as in the
Data View of SPSS) is the ``line`` of an error, its 0-based index the ``row``.

Variables
    ``rename`` maps SPSS variable names (matched without regard to case, as SPSS
    does) to the canonical column names: ``wave``, ``org_code``, optional
    ``org_kind`` and ``weight``, the items ``uses``, ``channel.<id>``,
    ``purpose.<id>``, ``reason.<id>``. Variables already called so need no
    renaming. ``items`` names item columns that follow other names, as for
    :meth:`skl_socialmedia.Survey.from_columns`. Every other variable is an
    attribute of the organisation (usable with ``by=``). Variable labels are
    not used.

Answers
    An item's answer is read from its value label when the value has one, so
    ``1 "Ja" 2 "Nej" 9 "Vet ej"`` reads 2 as no and 9 as missing (see
    :mod:`skl_socialmedia_spss.labels` for every label known); a label wins over
    the code. An unlabelled value must be 1 or 0 (a string: any answer
    spelling). System-missing values and values declared user-missing in SPSS
    are missing, never no. A label or value that cannot be read is an error
    naming the file, the variable, the value and the first case; map it with
    ``answer_labels={"Kanske": None}``.

Organisation codes
    A string variable's codes are taken as written (recommended). A numeric
    variable holds whole numbers, which have lost any leading zeros; they are
    zero-padded to ``org_code_width`` digits when that option is given, else to
    the width of the variable's ``N`` format (SPSS's restricted numeric format,
    which itself displays leading zeros: ``180`` in format ``N4`` is ``"0180"``),
    else not at all (format ``F4.0`` shows ``180``). Padding applies to every
    code of the variable: in ``N4`` a county council coded ``1`` becomes
    ``"0001"``, so keep two-digit county-council codes in a string variable.

Waves, kinds and attributes
    A value with a value label is read as its label (``1 "2010" 2 "2012"``,
    ``1 "Kommun" 2 "Landsting"``), otherwise as its number (``2010``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
from skl_socialmedia import (
    DataError,
    DataErrorGroup,
    InvalidArgumentError,
    Location,
    Problems,
    Register,
    Survey,
    UsageError,
    get_register,
)
from skl_socialmedia.model.items import is_item_name
from skl_socialmedia.survey.answers import ACCEPTED, MISSING

from skl_socialmedia_spss.labels import label_code, user_label_codes

__all__ = ["OPTIONS", "SpssSource", "read_sav"]

#: The options :meth:`SpssSource.load` takes.
OPTIONS = (
    "register",
    "rename",
    "items",
    "waves",
    "org_code_width",
    "answer_labels",
    "encoding",
    "max_errors",
    "routing",
)

_RESERVED = ("wave", "org_code", "org_kind", "weight")
_N_FORMAT = re.compile(r"^N(\d+)(?:\.0)?$", re.IGNORECASE)

_DATES = (datetime.date, datetime.time)  # datetime.datetime is a date

Floats = npt.NDArray[np.float64]
Objects = npt.NDArray[np.object_]


@dataclass(frozen=True)
class _Variable:
    """One SPSS variable: its values and what the metadata says of it."""

    name: str
    values: Floats | Objects
    numeric: bool
    format: str
    labels: Mapping[Any, str]


def _add(
    problems: Problems,
    message: str,
    column: str,
    value: object,
    rows: npt.NDArray[np.intp],
    hint: str = "",
) -> None:
    """Record one problem of ``value`` in ``column``, at its first of ``rows``."""
    if len(rows) > 1:
        message += f" (in {len(rows)} cases, the first shown)"
    if hint:
        message += f"; {hint}"
    problems.add(message, row=int(rows[0]), column=column, value=value)


def _shown(value: object) -> object:
    """Return a value as a person would write it: ``180``, not ``180.0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _as_text(variable: _Variable) -> Objects:
    """Return a variable as text: its value labels where it has them, else values.

    Missing values (system- or user-missing, blank strings) become ``None``.
    """
    values = variable.values
    result: Objects = np.full(len(values), None, dtype=object)
    if variable.numeric:
        numbers = np.asarray(values, dtype=np.float64)
        present = ~np.isnan(numbers)
        uniq, inverse = np.unique(numbers[present], return_inverse=True)
        texts = [
            variable.labels.get(u, _number_text(u)).strip() or None
            for u in uniq.tolist()
        ]
        result[present] = np.asarray(texts, dtype=object)[inverse]
        return result
    for i, value in enumerate(values.tolist()):
        text = "" if value is None else str(value).strip()
        label = variable.labels.get(text)
        text = label.strip() if label is not None else text
        result[i] = text or None
    return result


def _item_answers(
    column: str, variable: _Variable, extra: Mapping[str, int], problems: Problems
) -> Floats:
    """Return an item's answers as 1.0, 0.0 and NaN (missing)."""
    values = variable.values
    answers: Floats = np.full(len(values), np.nan)
    keys: list[Any]
    if variable.numeric:
        numbers = np.asarray(values, dtype=np.float64)
        present = np.flatnonzero(~np.isnan(numbers))
        uniq, inverse = np.unique(numbers[present], return_inverse=True)
        keys = uniq.tolist()
    else:
        texts = [None if v is None else str(v).strip() for v in values.tolist()]
        present = np.flatnonzero([bool(t) for t in texts])
        uniq_text, inverse = np.unique(
            np.asarray([texts[i] for i in present.tolist()], dtype=str),
            return_inverse=True,
        )
        keys = uniq_text.tolist()
    inverse = inverse.reshape(-1)
    table = np.full(len(keys), np.nan)
    for k, key in enumerate(keys):
        label = variable.labels.get(key)
        if label is not None:
            code = label_code(label, extra)
            if code is None:
                _add(
                    problems,
                    f"value label {label!r} is neither a yes/no answer nor a "
                    "label of a missing answer",
                    column,
                    _shown(key),
                    present[inverse == k],
                    f"map it with answer_labels={{{label!r}: True}} "
                    "(or False, or None for missing)",
                )
                continue
        elif variable.numeric:
            code = int(key) if key in (0.0, 1.0) else None
            if code is None:
                _add(
                    problems,
                    "value has no value label and is not 1 or 0",
                    column,
                    _shown(key),
                    present[inverse == k],
                    "give it a value label in SPSS, e.g. 9 'Vet ej'",
                )
                continue
        else:
            code = label_code(key, extra)
            if code is None:
                _add(
                    problems,
                    "not a yes/no answer",
                    column,
                    key,
                    present[inverse == k],
                    f"accepted: {ACCEPTED}; or map it with answer_labels="
                    f"{{{key!r}: True}} (or False, or None for missing)",
                )
                continue
        table[k] = np.nan if code == MISSING else float(code)
    answers[present] = table[inverse]
    return answers


def _org_codes(
    column: str, variable: _Variable, width: int | None, problems: Problems
) -> Objects:
    """Return organisation codes as text, zero-padded as the module says."""
    codes: Objects = np.full(len(variable.values), None, dtype=object)
    if not variable.numeric:
        for i, value in enumerate(variable.values.tolist()):
            text = "" if value is None else str(value).strip()
            if width is not None and text.isdigit():
                text = text.zfill(width)
            codes[i] = text or None
        return codes
    if width is None:
        found = _N_FORMAT.match(variable.format)
        width = int(found.group(1)) if found else None
    numbers = np.asarray(variable.values, dtype=np.float64)
    present = np.flatnonzero(~np.isnan(numbers))
    uniq, inverse = np.unique(numbers[present], return_inverse=True)
    texts: list[str | None] = []
    for k, number in enumerate(uniq.tolist()):
        if not (number.is_integer() and number >= 0):
            _add(
                problems,
                "an organisation code must be a whole number (or text)",
                column,
                _shown(number),
                present[inverse.reshape(-1) == k],
            )
            texts.append(None)
            continue
        text = str(int(number))
        texts.append(text if width is None else text.zfill(width))
    codes[present] = np.asarray(texts, dtype=object)[inverse.reshape(-1)]
    return codes


def _object(value: object) -> object:
    """Return a value of a non-numeric column: ``None`` if missing, dates as text."""
    if value is None or (isinstance(value, float) and value != value):
        return None  # pyreadstat < 1.3 gives NaN for a missing string
    if isinstance(value, _DATES):
        return value.isoformat()
    return value


def _read(path: str, encoding: str | None) -> tuple[list[_Variable], int]:
    """Read the file; return its variables and its number of cases."""
    import pyreadstat  # imported here: loading the plugin stays cheap

    if not Path(path).is_file():
        what = "is a directory, not a file" if Path(path).is_dir() else "not found"
        raise DataError(f"file {what}", Location(file=path))
    # pyreadstat < 1.3 has no PyreadstatError.
    failures = tuple(
        getattr(pyreadstat, name)
        for name in ("ReadstatError", "PyreadstatError")
        if hasattr(pyreadstat, name)
    )
    data: Any
    meta: Any
    try:
        data, meta = pyreadstat.read_sav(
            path,
            apply_value_formats=False,
            user_missing=False,
            encoding=encoding,
            output_format="dict",
        )
    except (*failures, OverflowError) as exc:
        raise DataError(
            f"cannot read the file as SPSS .sav/.zsav: {exc}", Location(file=path)
        ) from None
    kinds: Mapping[str, str] = meta.readstat_variable_types
    formats: Mapping[str, str] = meta.original_variable_types
    value_labels: Mapping[str, Mapping[Any, str]] = meta.variable_value_labels
    variables: list[_Variable] = []
    n = 0
    for name in meta.column_names:
        raw = data[name]
        # Dates and times come as Python objects (a column is all of one kind);
        # they are read as ISO text.
        first = next((v for v in raw if v is not None and v == v), None)
        numeric = kinds.get(name, "double") != "string" and not isinstance(
            first, _DATES
        )
        values: Floats | Objects
        if numeric:
            values = np.asarray(raw, dtype=np.float64)  # None becomes NaN
        else:
            objects: Objects = np.empty(len(raw), dtype=object)
            objects[:] = [_object(v) for v in raw]
            values = objects
        n = len(values)
        variables.append(
            _Variable(
                name=str(name),
                values=values,
                numeric=numeric,
                format=str(formats.get(name, "")),
                labels=dict(value_labels.get(name, {})),
            )
        )
    return variables, n


def _columns_of(
    variables: Sequence[_Variable], rename: Mapping[str, str], file: str
) -> dict[str, _Variable]:
    """Return the variables by column name, after ``rename``."""
    by_lower = {v.name.lower(): v for v in variables}
    renamed: dict[str, str] = {}
    for old, new in rename.items():
        if not isinstance(old, str) or not isinstance(new, str) or not new.strip():
            raise InvalidArgumentError(
                f"rename must map variable names to column names, not {old!r}: {new!r}"
            )
        variable = by_lower.get(old.lower())
        if variable is None:
            raise DataError(
                "rename names a variable the file does not have; its variables: "
                + ", ".join(v.name for v in variables),
                Location(file=file, column=old),
            )
        if variable.name in renamed:
            raise InvalidArgumentError(
                f"rename names variable {variable.name!r} twice (SPSS names "
                "ignore case)"
            )
        renamed[variable.name] = new.strip()
    columns: dict[str, _Variable] = {}
    taken: dict[str, str] = {}  # column in lower case → column
    for variable in variables:
        column = renamed.get(variable.name, variable.name)
        first = taken.get(column.lower())
        if first is not None:
            raise DataError(
                f"variables {columns[first].name!r} and {variable.name!r} would "
                f"both be column {column!r}; rename one of them",
                Location(file=file, column=variable.name),
            )
        taken[column.lower()] = column
        columns[column] = variable
    return columns


def _with_hint(
    group: DataErrorGroup, variable: _Variable | None, register: Register | None
) -> DataErrorGroup:
    """Say how to keep leading zeros, at the first code of ``variable`` unknown.

    ``variable`` is the numeric code variable that shows no leading zeros, if
    any. The problem is found by its fields: at a case, in the variable, with
    a code the register does not know.
    """
    if variable is None or register is None:
        return group
    hint = (
        f"; the numeric variable {variable.name!r} (format "
        f"{variable.format or 'unknown'}) keeps no leading zeros: give it "
        f"an N format in SPSS (FORMATS {variable.name} (N4).) or pass "
        "org_code_width="
    )
    errors = list(group.errors)
    for i, error in enumerate(errors):
        where = error.location
        if (
            where is not None
            and where.row is not None
            and where.column == variable.name
            and isinstance(where.value, str)
            and where.value not in register
        ):
            errors[i] = DataError(error.message + hint, where)
            return DataErrorGroup(errors, total=group.total)
    return group


def _check_options(options: Mapping[str, Any]) -> dict[str, Any]:
    given = {k: v for k, v in options.items() if v is not None or k == "register"}
    unknown = sorted(set(given) - set(OPTIONS))
    if unknown:
        raise UsageError(
            f"the spss source takes no option {', '.join(unknown)}; "
            f"it takes {', '.join(OPTIONS)}"
        )
    return given


def read_sav(
    path: str | Path,
    *,
    register: Register | str | None = "se",
    rename: Mapping[str, str] | None = None,
    items: Sequence[str] | Mapping[str, str] | None = None,
    waves: Sequence[object] | None = None,
    org_code_width: int | None = None,
    answer_labels: Mapping[str, bool | None] | None = None,
    encoding: str | None = None,
    max_errors: int = 20,
    routing: Any = None,
) -> Survey:
    """Read an SPSS ``.sav`` or ``.zsav`` file into a :class:`~skl_socialmedia.Survey`.

    ``rename`` maps variable names to column names; ``org_code_width`` zero-pads
    numeric organisation codes; ``answer_labels`` maps more value labels to
    answers (``True``, ``False``, ``None`` for missing); ``encoding`` overrides
    the file's; ``register``, ``items``, ``waves`` and ``routing`` (whom
    items are asked of; ``False``: everyone) are as for
    :meth:`~skl_socialmedia.Survey.from_columns`. See the module documentation
    for the rules. Raises :class:`~skl_socialmedia.DataErrorGroup` with every
    problem found (the first ``max_errors`` kept), each naming the file, the
    variable, the value and the case number as the line.
    """
    file = str(path)
    if org_code_width is not None and (
        isinstance(org_code_width, bool)
        or not isinstance(org_code_width, int)
        or not 1 <= org_code_width <= 40
    ):
        raise InvalidArgumentError(
            f"org_code_width must be a whole number of digits, not {org_code_width!r}"
        )
    extra = user_label_codes(answer_labels or {})
    variables, n = _read(file, encoding)
    columns = _columns_of(variables, rename or {}, file)
    if items is None:
        item_columns = {
            c for c in columns if c.lower() not in _RESERVED and is_item_name(c)
        }
    else:
        item_columns = set(items)
    if n == 0:
        raise DataError("the file has no cases", Location(file=file))
    # problems name the SPSS variable, not the column it was renamed to
    names = {column: variable.name for column, variable in columns.items()}
    problems = Problems(
        file=file, lines=np.arange(1, n + 1), limit=max_errors, columns=names
    )
    converted: dict[str, Any] = {}
    zeros_lost: _Variable | None = None
    unreadable_codes = False
    for column, variable in columns.items():
        role = column.strip().lower()
        if column in item_columns:
            converted[column] = _item_answers(column, variable, extra, problems)
        elif role == "org_code":
            before = problems.total
            converted[column] = _org_codes(column, variable, org_code_width, problems)
            unreadable_codes = problems.total > before
            if variable.numeric and org_code_width is None:
                zeros_lost = None if _N_FORMAT.match(variable.format) else variable
        elif role == "weight" and variable.numeric:
            converted[column] = variable.values
        else:
            converted[column] = _as_text(variable)
    if unreadable_codes:  # cases without their codes cannot be checked
        problems.check()
    resolved = get_register(register)
    try:
        return Survey.from_columns(
            converted,
            items=items,
            register=resolved,
            waves=waves,
            problems=problems,
            routing=routing,
        )
    except DataErrorGroup as group:
        raise _with_hint(group, zeros_lost, resolved) from None


class SpssSource:
    """Data source for SPSS ``.sav`` and ``.zsav`` files (survey firms' exports)."""

    name: ClassVar[str] = "spss"
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = (".sav", ".zsav")
    description: ClassVar[str] = (
        "microdata from SPSS .sav/.zsav files; value labels read as answers"
    )

    def load(self, location: str, **options: Any) -> Survey:
        """Read the SPSS file at ``location``; options as for :func:`read_sav`."""
        return read_sav(location, **_check_options(options))

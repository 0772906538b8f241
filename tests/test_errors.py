"""The single exception hierarchy."""

from __future__ import annotations

import builtins
import inspect

import pytest

import skl_socialmedia as sm
from skl_socialmedia import errors
from skl_socialmedia.errors import (
    DataError,
    DataErrorGroup,
    InvalidArgumentError,
    Location,
    MissingExtraError,
    PluginError,
    SklSocialMediaError,
    UnknownNameError,
    UsageError,
)


@pytest.mark.parametrize(
    ("cls", "builtin", "exit_code"),
    [
        (DataError, ValueError, 1),
        (DataErrorGroup, ValueError, 1),
        (UsageError, ValueError, 2),
        (InvalidArgumentError, ValueError, 2),
        (UnknownNameError, LookupError, 2),
        (MissingExtraError, ImportError, 1),
        (PluginError, RuntimeError, 1),
    ],
)
def test_every_error_is_ours_and_a_builtin(
    cls: type[Exception], builtin: type[Exception], exit_code: int
) -> None:
    assert issubclass(cls, SklSocialMediaError)
    assert issubclass(cls, builtin)
    assert cls.exit_code == exit_code  # type: ignore[attr-defined]
    assert getattr(sm, cls.__name__) is cls


def test_location_names_file_line_column_value() -> None:
    error = DataError("bad", Location("svar.csv", 7, "uses", "kanske"))
    assert str(error) == "svar.csv, line 7, column 'uses', value 'kanske': bad"
    assert str(DataError("bad")) == "bad"


def test_group_headline_names_the_file_when_all_share_it() -> None:
    same = [DataError("x", Location("a.csv", i, "uses", "?")) for i in (2, 3)]
    assert str(DataErrorGroup(same)).splitlines()[0] == "2 problems in a.csv:"
    mixed = [*same, DataError("y", Location("b.csv", 1))]
    assert str(DataErrorGroup(mixed)).splitlines()[0] == "3 problems in the input:"
    unnamed = [DataError("z", Location(column="uses"))]
    assert str(DataErrorGroup(unnamed)).startswith("1 problem in the input:")
    partly = [same[0], DataError("z", Location(column="uses"))]
    assert str(DataErrorGroup(partly)).startswith("2 problems in the input:")
    limited = DataErrorGroup(same, total=25)
    assert "25 problems in a.csv (the first 2 shown)" in str(limited)


def test_missing_extra_names_the_extra() -> None:
    error = MissingExtraError("the chart format", "plot", "matplotlib")
    assert "pip install 'skl-socialmedia[plot]'" in str(error)
    assert isinstance(error, ImportError)


def test_unknown_name_lists_known() -> None:
    error = UnknownNameError("method", "wilsn", ["wilson", "wald"])
    assert str(error) == "unknown method 'wilsn'; known: wald, wilson"


#: The builtin each class of errors.py also derives from (its first in the MRO).
BUILTINS = {
    "SklSocialMediaError": None,
    "UsageError": ValueError,
    "InvalidArgumentError": ValueError,
    "UnknownNameError": ValueError,
    "MissingExtraError": ImportError,
    "PluginError": RuntimeError,
    "DataError": ValueError,
    "DataErrorGroup": ValueError,
}


def _error_classes() -> list[type[BaseException]]:
    return [
        value
        for name in errors.__all__
        if inspect.isclass(value := getattr(errors, name))
        and issubclass(value, BaseException)
    ]


def test_W16_every_error_class_also_derives_from_a_builtin() -> None:  # noqa: N802
    """Checked by MRO: every class but the base has a builtin besides Exception."""
    classes = _error_classes()
    assert sorted(c.__name__ for c in classes) == sorted(BUILTINS)
    for cls in classes:
        assert SklSocialMediaError in cls.__mro__, cls
        found = [
            base
            for base in cls.__mro__
            if base.__module__ == "builtins"
            and base not in (Exception, BaseException, object)
        ]
        assert all(getattr(builtins, base.__name__) is base for base in found)
        expected = BUILTINS[cls.__name__]
        if expected is None:
            assert found == [], cls
        else:
            assert found, cls
            assert found[0] is expected, (cls, cls.__mro__)
    assert LookupError in UnknownNameError.__mro__


def test_W16_a_plugin_error_is_caught_as_a_runtime_error() -> None:  # noqa: N802
    with pytest.raises(RuntimeError, match="plugin"):
        raise PluginError("the plugin 'x' failed")
    assert PluginError.__mro__[1:3] == (SklSocialMediaError, RuntimeError)

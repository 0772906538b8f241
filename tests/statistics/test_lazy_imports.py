"""The lazy public names of ``skl_socialmedia`` and ``skl_socialmedia.statistics``.

Both import their names on first use (PEP 562): a bare ``import skl_socialmedia``
loads neither numpy nor the statistics, and still every name of ``__all__`` is
there, in ``dir()``, and importable with ``from ... import``.
"""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

import skl_socialmedia
import skl_socialmedia.statistics


def _fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_a_bare_import_loads_no_numpy_and_no_statistics() -> None:
    loaded = _fresh(
        "import sys, skl_socialmedia; "
        "print(sorted(m for m in ('numpy', 'skl_socialmedia.statistics', "
        "'skl_socialmedia.plugins', 'skl_socialmedia.survey') if m in sys.modules))"
    )
    assert loaded == "[]"


def test_a_first_rate_loads_the_rates_not_the_rest() -> None:
    loaded = _fresh(
        "import sys, skl_socialmedia as sm; sm.rate(61, 100); "
        "print(sorted(m for m in ('skl_socialmedia.statistics.rates', "
        "'skl_socialmedia.statistics.weighted_rates', 'skl_socialmedia.plugins', "
        "'skl_socialmedia.survey') if m in sys.modules))"
    )
    assert loaded == "['skl_socialmedia.statistics.rates']"


@pytest.mark.parametrize("package", [skl_socialmedia, skl_socialmedia.statistics])
def test_every_public_name_resolves_and_is_listed(package: types.ModuleType) -> None:
    listed = dir(package)
    for name in package.__all__:
        assert name in listed, name
        value = getattr(package, name)
        assert not isinstance(value, types.ModuleType), name
    namespace: dict[str, object] = {}
    exec(f"from {package.__name__} import *", namespace)
    assert set(package.__all__) <= set(namespace)


@pytest.mark.parametrize("package", [skl_socialmedia, skl_socialmedia.statistics])
def test_an_unknown_name_is_an_attribute_error(package: types.ModuleType) -> None:
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        _ = package.no_such_name
    assert not hasattr(package, "__no_such_dunder__")


def test_modules_of_the_packages_stay_reachable_as_attributes() -> None:
    assert _fresh(
        "import skl_socialmedia as sm; print(sm.statistics.rates.__name__)"
    ) == ("skl_socialmedia.statistics.rates")


def test_combine_stays_the_function_when_its_module_is_imported_first() -> None:
    shown = _fresh(
        "import skl_socialmedia.statistics.combine; import skl_socialmedia as sm; "
        "from skl_socialmedia.statistics import combine; "
        "print(callable(sm.combine), sm.combine is combine, type(combine).__name__)"
    )
    assert shown == "True True function"


ENTRIES = [
    "cli",
    "engines",
    "formats",
    "model",
    "plugins",
    "published",
    "report",
    "report.from_survey",
    "report.from_tally",
    "sources",
    "statistics.combine",
    "survey",
    "survey.encode",
    "survey.model",
    "tally",
    "tally.long",
    "tally.model",
    "testing",
    "typing",
]


def test_every_part_of_the_package_can_be_imported_first() -> None:
    """No import order is needed: each entry point alone, in a fresh process."""
    for entry in ENTRIES:
        done = subprocess.run(
            [sys.executable, "-c", f"import skl_socialmedia.{entry}"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{entry}: {done.stderr}"

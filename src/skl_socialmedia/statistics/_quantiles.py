"""Quantiles: the normal one from the standard library, beta and t ones from scipy.

scipy is an optional dependency (the ``exact`` extra); it is imported lazily, only
when a Jeffreys or Clopper-Pearson interval or a Student's t quantile with finite
degrees of freedom is asked for.
"""

from __future__ import annotations

import functools
from statistics import NormalDist
from types import ModuleType
from typing import overload

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.statistics._types import FloatArray
from skl_socialmedia.statistics._validation import (
    as_numeric_array,
    check_confidence,
    first_bad,
)

__all__ = ["as_degrees_of_freedom", "beta_quantile", "normal_quantile", "t_quantile"]


@functools.lru_cache(maxsize=64)
def _quantile(level: float) -> float:
    return NormalDist().inv_cdf((1.0 + level) / 2.0)


def normal_quantile(confidence: float) -> float:
    """Two-sided standard normal critical value for ``confidence``.

    ``normal_quantile(0.95)`` is 1.959963984540054, the ``z`` of a 95 % interval:
    ``statistics.NormalDist().inv_cdf((1 + confidence) / 2)``.

    Raises:
        InvalidArgumentError: ``confidence`` is not strictly between 0 and 1.
    """
    return _quantile(check_confidence(confidence))


def _scipy_special(
    feature: str = "Jeffreys and Clopper-Pearson intervals",
) -> ModuleType:
    """Import :mod:`scipy.special`, or say which extra to install for ``feature``."""
    try:
        import scipy.special
    except ImportError as exc:
        raise MissingExtraError(feature, "exact", "scipy") from exc
    module: ModuleType = scipy.special
    return module


def beta_quantile(a: npt.ArrayLike, b: npt.ArrayLike, q: float) -> FloatArray:
    """Quantile ``q`` of the Beta(a, b) distribution, elementwise (needs scipy).

    Raises:
        MissingExtraError: scipy (the ``exact`` extra) is not installed.
    """
    special = _scipy_special()
    result = np.asarray(special.betaincinv(a, b, q), dtype=np.float64)
    return result


def as_degrees_of_freedom(df: npt.ArrayLike, name: str = "df") -> FloatArray:
    """Return ``df`` as a float64 array of degrees of freedom, all ``> 0``.

    ``inf`` is allowed (the normal distribution).

    Raises:
        InvalidArgumentError: not numeric, or an element is NaN or ``<= 0``.
    """
    array = as_numeric_array(df, name)
    bad = ~(array > 0.0)
    if bool(np.any(bad)):
        raise InvalidArgumentError(
            f"{name} must be degrees of freedom > 0 (inf for the normal), "
            f"got {first_bad(array, bad)}"
        )
    return array


@overload
def t_quantile(confidence: float, df: float) -> float: ...


@overload
def t_quantile(confidence: float, df: npt.ArrayLike) -> float | FloatArray: ...


def t_quantile(confidence: float, df: npt.ArrayLike) -> float | FloatArray:
    """Two-sided Student's t critical value for ``confidence`` on ``df`` degrees.

    The ``(1 + confidence)/2`` quantile of the t distribution with ``df`` degrees
    of freedom (elementwise for an array ``df``), e.g. 2.0422724563012378 for 95 %
    on 30 degrees of freedom (R: ``qt(0.975, 30)``).  ``df = inf`` gives exactly
    :func:`normal_quantile` and needs no scipy; finite ``df`` (fractional allowed,
    e.g. Satterthwaite's) uses ``scipy.special.stdtrit``.

    >>> t_quantile(0.95, float("inf")) == normal_quantile(0.95)
    True

    Returns:
        A float for a scalar ``df``, else an array of ``df``'s shape.

    Raises:
        InvalidArgumentError: bad confidence level, or ``df`` NaN or ``<= 0``.
        MissingExtraError: finite ``df`` without scipy (the ``exact`` extra).
    """
    level = check_confidence(confidence)
    dfs = as_degrees_of_freedom(df)
    z = _quantile(level)
    finite = np.isfinite(dfs)
    if bool(np.any(finite)):
        special = _scipy_special("Student's t quantiles (finite degrees of freedom)")
        t = np.asarray(
            special.stdtrit(np.where(finite, dfs, 1.0), (1.0 + level) / 2.0),
            dtype=np.float64,
        )
        result: FloatArray = np.where(finite, t, z)
    else:
        result = np.full(dfs.shape, z)
    return float(result) if result.ndim == 0 else result

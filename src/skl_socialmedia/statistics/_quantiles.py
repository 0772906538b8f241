"""Quantiles: the normal one from the standard library, beta ones from scipy.

scipy is an optional dependency (the ``exact`` extra); it is imported lazily, only
when a Jeffreys or Clopper-Pearson interval is asked for.
"""

from __future__ import annotations

import functools
from statistics import NormalDist
from types import ModuleType

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import MissingExtraError
from skl_socialmedia.statistics._types import FloatArray
from skl_socialmedia.statistics._validation import check_confidence

__all__ = ["beta_quantile", "normal_quantile"]


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


def _scipy_special() -> ModuleType:
    """Import :mod:`scipy.special`, or say which extra to install."""
    try:
        import scipy.special
    except ImportError as exc:
        raise MissingExtraError(
            "Jeffreys and Clopper-Pearson intervals", "exact", "scipy"
        ) from exc
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

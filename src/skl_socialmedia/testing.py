"""Helpers for plugin authors' tests: contract checks and temporary registration.

.. code-block:: python

    from skl_socialmedia.testing import check_data_source, registered_plugin

    def test_contract():
        check_data_source(SpssSource, sample="tests/data/svar.sav")

    def test_cli_sees_it():
        with registered_plugin(my_plugin_module):
            ...
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from skl_socialmedia.errors import PluginError
from skl_socialmedia.plugins.manager import (
    DEFAULT_PLUGINS,
    PluginManager,
    _check_class,
    get_plugin_manager,
    reset_plugin_manager,
)

__all__ = ["check_data_source", "check_output_format", "registered_plugin"]

_MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+\-]+(\s*;.*)?$")


def check_data_source(cls: type, *, sample: str | None = None, **options: Any) -> Any:
    """Check that ``cls`` is a valid data-source class; return what it loads.

    With ``sample``, the source is instantiated with no arguments and
    ``load(sample, **options)`` must return a ``Survey``, ``PublishedFigures``
    or ``Tally`` (what :func:`skl_socialmedia.load` accepts); published
    figures are validated as
    :meth:`~skl_socialmedia.published.figures.PublishedFigures.from_records`
    validates records (a percentage outside [0, 100], a negative base or
    count, a count above its base, an unknown wave, a figure given twice).
    A ``sniff`` attribute (content sniffing) must be callable.
    Raises :class:`~skl_socialmedia.errors.PluginError` (an ``AssertionError``
    would be swallowed by ``python -O``) naming what is wrong.
    """
    _check_class("source", cls, cls.__module__)
    if not isinstance(getattr(cls, "description", None), str):
        raise PluginError(f"data source {cls.__name__} needs a 'description' str")
    for scheme in cls.schemes:  # type: ignore[attr-defined]
        if not re.match(r"^[a-z][a-z0-9+.\-]*$", scheme) or "://" in scheme:
            raise PluginError(
                f"data source {cls.__name__}: scheme {scheme!r} must be a bare, "
                "lower-case URI scheme (no '://')"
            )
    sniff = getattr(cls, "sniff", None)
    if sniff is not None and not callable(sniff):
        raise PluginError(f"data source {cls.__name__}: 'sniff' must be a method")
    if sample is None:
        return None
    from skl_socialmedia.published.figures import PublishedFigures
    from skl_socialmedia.survey.model import Survey
    from skl_socialmedia.tally.model import Tally

    loaded = cls().load(sample, **options)
    if not isinstance(loaded, Survey | PublishedFigures | Tally):
        raise PluginError(
            f"data source {cls.__name__}.load() returned {type(loaded).__name__}, "
            "not a Survey or PublishedFigures or a Tally"
        )
    if isinstance(loaded, PublishedFigures):
        from skl_socialmedia.errors import DataError

        try:  # what from_records checks, again on what the source built
            PublishedFigures.from_records(
                loaded.records(), waves=loaded.waves, file="figures"
            )
        except DataError as exc:
            raise PluginError(
                f"data source {cls.__name__}.load() returned invalid published "
                f"figures: {exc}"
            ) from None
    return loaded


def check_output_format(cls: type, **options: Any) -> str | bytes:
    """Check that ``cls`` is a valid output-format class; return its rendering.

    The format renders the embedded SKL report in English and Swedish; both
    renderings must be ``str`` or ``bytes`` and not empty.
    """
    _check_class("format", cls, cls.__module__)
    media_type = cls.media_type  # type: ignore[attr-defined]
    if not _MEDIA_TYPE.match(media_type):
        raise PluginError(
            f"output format {cls.__name__}: media_type {media_type!r} is not a "
            "media type such as 'text/plain'"
        )
    from skl_socialmedia.published.figures import embedded_figures
    from skl_socialmedia.report.from_published import report_from_published

    report = report_from_published(embedded_figures())
    rendered: str | bytes = b""
    for lang in ("en", "sv"):
        rendered = cls().render(report, lang=lang, **options)
        if not isinstance(rendered, str | bytes) or not rendered:
            raise PluginError(
                f"output format {cls.__name__}.render() must return non-empty "
                f"str or bytes, not {rendered!r:.60}"
            )
    return rendered


@contextlib.contextmanager
def registered_plugin(*plugins: ModuleType | object) -> Iterator[PluginManager]:
    """Register ``plugins`` (modules with hook implementations) for a ``with`` block.

    The process-wide manager is replaced by one holding the built-ins and these
    plugins only (no installed entry points), and restored afterwards.
    """
    manager = PluginManager(
        entry_points=(), environ={}, defaults=DEFAULT_PLUGINS, plugins=plugins
    )
    previous = get_plugin_manager()
    reset_plugin_manager(manager)
    try:
        yield manager
    finally:
        reset_plugin_manager(previous)

"""Which dimension of a published table is the wave, the item, a group or fixed.

A :class:`CubeMapping` says it; :func:`resolve_mapping` fills in what the
file says itself:

- the **wave** is the time dimension (JSON-stat ``role.time``, PC-Axis
  ``TIMEVAL``, SDMX ``TIME_PERIOD``), else one named like a time
  (``time``, ``year``, ``period``, ``Tid``, ``år``);
- the **item** is the metric dimension (JSON-stat ``role.metric``, PxWeb's
  ``ContentsCode``, SDMX ``INDIC_IS``), else the table's one measure;
- **groups** are the other dimensions with more than one category, unless
  given; a dimension of one category is **fixed** to it;
- any other dimension must be fixed by a filter (``fixed={"sex": "1"}``, at
  the command line ``--option fixed='{"sex": "1"}'``).

Where it cannot decide, it raises a
:class:`~skl_socialmedia.errors.UsageError` listing the dimensions.
:func:`cube_figures` and :func:`cube_tally` then view the cube as
published figures or as a Tally.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from skl_socialmedia.errors import DataError, Location, UnknownNameError, UsageError
from skl_socialmedia.model.localized import Text
from skl_socialmedia.published.cube import Dimension, PublishedCube
from skl_socialmedia.published.figures import PublishedFigure, PublishedFigures
from skl_socialmedia.published.flags import Flag
from skl_socialmedia.published.records import wave_from_label

if TYPE_CHECKING:
    from skl_socialmedia.tally.model import Tally

__all__ = [
    "MAPPING_OPTIONS",
    "CubeMapping",
    "ResolvedMapping",
    "cube_figures",
    "cube_tally",
    "mapping_from_options",
    "resolve_mapping",
]

_TIME_NAMES = ("time", "time_period", "year", "period", "tid", "år", "ar", "years")
_METRIC_NAMES = ("contentscode", "indic_is", "indicator", "measure", "unit_measure")
#: The options of a cube source that make its mapping.
MAPPING_OPTIONS = ("wave", "item", "items", "by", "fixed", "base", "unit", "lang")


def _strings(value: object, what: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise UsageError(f"option {what} must be a name or a list of names, not {value!r}")


@attrs.frozen
class CubeMapping:
    """Which dimension is which, for viewing a cube as group × item × wave.

    ``wave`` and ``item`` name dimensions (``None``: as the file says);
    ``groups`` the group dimensions (``None``: every other dimension of more
    than one category; ``()``: none, one group ``"all"``); ``fixed`` maps
    other dimensions to the one category kept (by code or label); ``items``
    keeps only these item codes; ``names`` renames items (code → the item's
    name in the figures, e.g. ``{"E_SM1_GE1": "uses"}``, so that reports
    phrase it as the library's item); ``base`` is the item whose counts are the
    bases of the other items' counts (for a Tally); ``unit`` overrides the
    published unit (``"percent"`` or ``"count"``); ``lang`` the language of
    labels (``"en"`` or ``"sv"``).
    """

    wave: str | None = None
    item: str | None = None
    groups: tuple[str, ...] | None = None
    fixed: Mapping[str, str] = attrs.field(factory=dict)
    items: tuple[str, ...] | None = None
    names: Mapping[str, str] = attrs.field(factory=dict)
    base: str | None = None
    unit: str | None = None
    lang: str = "en"


def mapping_from_options(options: Mapping[str, Any]) -> CubeMapping:
    """Make a mapping of a source's options (``by``, ``items``, ``fixed``, …).

    ``by`` and ``items`` may be comma-separated text (``"geo,size"``) or
    lists; an item may be renamed, ``"E_SM1_GE1=uses"`` (or ``items`` a
    mapping of code to name); ``by="none"`` is no group; ``fixed`` a
    mapping. A wrong value is a :class:`~skl_socialmedia.errors.UsageError`.
    """
    by = options.get("by")
    groups = () if by in ("none", "") else _strings(by, "by")
    fixed = options.get("fixed") or {}
    if not isinstance(fixed, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str | int) for k, v in fixed.items()
    ):
        raise UsageError(
            'option fixed must map dimensions to categories, e.g. {"sex": "1"}'
        )
    single = {}
    for key in ("wave", "item", "base", "unit", "lang"):
        value = options.get(key)
        if value is not None and not isinstance(value, str | int):
            raise UsageError(f"option {key} must be a name, not {value!r}")
        single[key] = None if value is None else str(value)
    if single["unit"] not in (None, "percent", "count"):
        raise UsageError(
            f"option unit must be percent or count, not {single['unit']!r}"
        )
    if single["lang"] not in (None, "en", "sv"):
        raise UsageError(f"option lang must be en or sv, not {single['lang']!r}")
    items, names = _items(options.get("items"))
    return CubeMapping(
        wave=single["wave"],
        item=single["item"],
        groups=groups,
        fixed={k: str(v) for k, v in fixed.items()},
        items=items,
        names=names,
        base=single["base"],
        unit=single["unit"],
        lang=single["lang"] or "en",
    )


def _items(value: object) -> tuple[tuple[str, ...] | None, dict[str, str]]:
    """Read ``items``: names, ``CODE=name`` pairs, or a mapping code → name."""
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise UsageError("option items must map item codes to names")
        return tuple(value), dict(value)
    listed = _strings(value, "items")
    if listed is None:
        return None, {}
    codes, names = [], {}
    for entry in listed:
        code, sep, name = entry.partition("=")
        codes.append(code.strip())
        if sep:
            if not name.strip():
                raise UsageError(f"option items: no name after '=' in {entry!r}")
            names[code.strip()] = name.strip()
    return tuple(codes), names


@attrs.frozen
class ResolvedMapping:
    """A mapping with every dimension placed (what :func:`resolve_mapping` returns).

    ``item`` is ``None`` when the table has one measure and no metric
    dimension; ``fixed`` maps every dimension that is neither the wave, the
    item nor a group to its one category's code.
    """

    wave: str
    item: str | None
    groups: tuple[str, ...]
    fixed: Mapping[str, str]


def _listing(cube: PublishedCube) -> str:
    return "; ".join(d.describe() for d in cube.dimensions)


def _named(cube: PublishedCube, name: str, what: str) -> Dimension:
    try:
        return cube.dimension(name)
    except UnknownNameError:
        raise UsageError(
            f"no dimension {name!r} for the {what}; the dimensions are: "
            f"{_listing(cube)}"
        ) from None


def _guess(cube: PublishedCube, role: str, names: Sequence[str]) -> Dimension | None:
    found = cube.role(role)
    if found is not None:
        return found
    for dim in cube.dimensions:
        if dim.id.casefold() in names or dim.label.en.casefold() in names:
            return dim
    return None


def resolve_mapping(
    cube: PublishedCube, mapping: CubeMapping | None = None
) -> ResolvedMapping:
    """Place every dimension of ``cube``: wave, item, groups, fixed (see module).

    A dimension the mapping names that the cube lacks, a wave that cannot be
    found, or a dimension of several categories left unplaced is a
    :class:`~skl_socialmedia.errors.UsageError` listing the dimensions.
    """
    mapping = mapping or CubeMapping()
    if mapping.wave is not None:
        wave_dim: Dimension | None = _named(cube, mapping.wave, "wave")
    else:
        wave_dim = _guess(cube, "time", _TIME_NAMES)
    if wave_dim is None:
        raise UsageError(
            "cannot tell which dimension is the wave (the file marks none as "
            f"time); pass wave=NAME (--option wave=NAME). The dimensions are: "
            f"{_listing(cube)}"
        )
    if mapping.item is not None:
        item_dim: Dimension | None = _named(cube, mapping.item, "item")
    else:
        item_dim = _guess(cube, "metric", _METRIC_NAMES)
    placed = {wave_dim.id} | ({item_dim.id} if item_dim is not None else set())
    if item_dim is wave_dim:
        raise UsageError(f"dimension {wave_dim.id!r} cannot be both wave and item")
    fixed: dict[str, str] = {}
    for name, category in mapping.fixed.items():
        dim = _named(cube, name, "filter")
        if dim.id in placed:
            raise UsageError(f"dimension {dim.id!r} is the wave or the item, not fixed")
        fixed[dim.id] = dim.find(str(category))
    if mapping.groups is not None:
        groups = tuple(_named(cube, g, "groups").id for g in mapping.groups)
        clash = placed.union(fixed).intersection(groups)
        if clash:
            raise UsageError(
                f"dimension {sorted(clash)[0]!r} is the wave, the item or fixed; "
                "it cannot be a group too"
            )
    else:
        groups = tuple(
            d.id
            for d in cube.dimensions
            if d.id not in placed and d.id not in fixed and len(d) > 1
        )
    placed |= set(groups) | set(fixed)
    for dim in cube.dimensions:
        if dim.id in placed:
            continue
        if len(dim) == 1:
            fixed[dim.id] = dim.codes[0]
            continue
        example = json.dumps({dim.id: dim.codes[0]}, ensure_ascii=False)
        raise UsageError(
            f"dimension {dim.describe()} is neither the wave, the item, a group "
            f"nor fixed: add it to by= (--by) or fix one category with "
            f"fixed={example} (--option fixed='{example}'). "
            f"The dimensions are: {_listing(cube)}"
        )
    return ResolvedMapping(
        wave=wave_dim.id,
        item=None if item_dim is None else item_dim.id,
        groups=groups,
        fixed=fixed,
    )


def _cells(
    cube: PublishedCube, resolved: ResolvedMapping, mapping: CubeMapping
) -> list[tuple[str, str, str, Any]]:
    """Return (group, item code, wave, observation) of the selected cells."""
    ids = cube.dimension_ids
    at = {d: i for i, d in enumerate(ids)}
    group_dims = [cube.dimension(g) for g in resolved.groups]
    item_codes: set[str] | None = None
    if mapping.items is not None:
        if resolved.item is None:
            item_codes = set(mapping.items)
            if item_codes != {cube.id}:
                raise UsageError(
                    f"the table has one measure ({cube.id!r}), no item dimension; "
                    f"the dimensions are: {_listing(cube)}"
                )
        else:
            dim = cube.dimension(resolved.item)
            item_codes = {dim.find(code) for code in mapping.items}
    out = []
    for obs in cube.observations:
        key = obs.key
        if any(key[at[d]] != code for d, code in resolved.fixed.items()):
            continue
        item = cube.id if resolved.item is None else key[at[resolved.item]]
        if item_codes is not None and item not in item_codes:
            continue
        group = (
            " / ".join(d.label_of(key[at[d.id]], mapping.lang) for d in group_dims)
            if group_dims
            else "all"
        )
        out.append((group, item, key[at[resolved.wave]], obs))
    return out


def _labels(cube: PublishedCube, resolved: ResolvedMapping) -> dict[str, Text]:
    if resolved.item is None:
        return {cube.id: cube.title}
    dim = cube.dimension(resolved.item)
    return {c: dim.labels.get(c, Text(c, c)) for c in dim.codes}


def cube_figures(
    cube: PublishedCube, mapping: CubeMapping | None = None
) -> PublishedFigures:
    """View ``cube`` as published figures, group × item × wave.

    Percentages become figures' ``percent``; counts their ``count`` (with
    the ``base`` item's count as base, if the mapping names one). Flags and
    symbols are kept; a cell flagged confidential, not applicable or not
    available has no value. Notes of the table are kept.
    """
    mapping = mapping or CubeMapping()
    resolved = resolve_mapping(cube, mapping)
    wave_dim = cube.dimension(resolved.wave)
    cells = _cells(cube, resolved, mapping)
    base_code = _base_code(cube, resolved, mapping)
    bases = {(g, w): obs for g, i, w, obs in cells if i == base_code}
    at = {d: i for i, d in enumerate(cube.dimension_ids)}
    group_codes = {
        group: tuple(obs.key[at[d]] for d in resolved.groups)
        for group, _, _, obs in cells
    }
    units = {}
    figures = []
    for group, item, wave, obs in cells:
        if item == base_code:
            continue
        measure = cube.measure(item)
        kind = mapping.unit or (measure.kind if measure else "other")
        decimals = (measure.decimals if measure else None) or cube.decimals or 0
        value = None if obs.missing else obs.value
        percent = count = base = None
        if kind == "percent":
            percent = value
        elif value is not None:
            count = _whole(value, cube, obs, "count")
            found = bases.get((group, wave))
            if found is not None and not found.missing and found.value is not None:
                base = _whole(found.value, cube, found, "base")
        name = mapping.names.get(item, item)
        if measure is not None:
            units[name] = measure.unit
        figures.append(
            _figure(group, name, wave, obs, percent, count, base, decimals, cube)
        )
    waves = [wave_from_label(c, cube.file or "") for c in wave_dim.codes]
    notes = list(cube.notes)
    if resolved.fixed:
        shown = ", ".join(
            f"{cube.dimension(d).label.en} = {cube.dimension(d).label_of(c)}"
            for d, c in resolved.fixed.items()
        )
        shown_sv = ", ".join(
            f"{cube.dimension(d).label.sv} = {cube.dimension(d).label_of(c, 'sv')}"
            for d, c in resolved.fixed.items()
        )
        notes.append(Text(en=f"Selected: {shown}.", sv=f"Urval: {shown_sv}."))
    return PublishedFigures(
        id=cube.id,
        title=cube.title,
        source=dict(cube.source),
        waves=tuple(waves),
        figures=tuple(figures),
        labels={mapping.names.get(k, k): v for k, v in _labels(cube, resolved).items()},
        notes=tuple(notes),
        group_dimensions=tuple(cube.dimension(g) for g in resolved.groups),
        group_codes=group_codes,
        units=units,
    )


def _figure(
    group: str,
    item: str,
    wave: str,
    obs: Any,
    percent: float | None,
    count: int | None,
    base: int | None,
    decimals: int,
    cube: PublishedCube,
) -> PublishedFigure:
    flags = tuple(f for f in obs.flags if f is not Flag.NIL or obs.value is not None)
    try:
        return PublishedFigure(
            group=group,
            item=item,
            wave=wave,
            percent=percent,
            decimals=decimals,
            base=base,
            count=count,
            note=obs.note,
            flags=flags,
            symbols=obs.symbols,
        )
    except DataError as exc:
        raise DataError(
            exc.message, Location(file=cube.file, value="/".join(obs.key))
        ) from None


def _whole(value: float, cube: PublishedCube, obs: Any, what: str) -> int:
    if value < 0 or value != int(value):
        raise DataError(
            f"a {what} must be a whole number of at least 0 (or pass unit=percent)",
            Location(file=cube.file, column="/".join(obs.key), value=value),
        )
    return int(value)


def _base_code(
    cube: PublishedCube, resolved: ResolvedMapping, mapping: CubeMapping
) -> str | None:
    if mapping.base is None:
        return None
    if resolved.item is None:
        raise UsageError(
            "option base names an item, but the table has no item dimension; "
            f"the dimensions are: {_listing(cube)}"
        )
    return cube.dimension(resolved.item).find(mapping.base)


def cube_tally(cube: PublishedCube, mapping: CubeMapping) -> Tally:
    """View a table of published counts and bases as a :class:`Tally`.

    ``mapping.base`` names the item whose counts are the bases (e.g. the
    number of enterprises); every other item's counts are the yes counts.
    A cell without a count or base (missing, confidential) is left out;
    a count above its base is a :class:`~skl_socialmedia.errors.DataError`.
    Published counts say nothing of which organisations answered in two
    waves, so the waves are independent samples (an empty panel).
    """
    # imported here: the tally package's first import must come from survey
    from skl_socialmedia.tally.model import PANEL_CELLS, Tally

    if mapping.base is None:
        raise UsageError("a tally needs the item of the bases: pass base=ITEM")
    figures = cube_figures(cube, attrs.evolve(mapping, unit="count"))
    rows: dict[str, list[Any]] = {k: [] for k in ("wave", "group", "item")}
    rows.update(yes=[], base=[])
    for figure in figures:
        if figure.count is None or figure.base is None:
            continue
        for key, value in (
            ("wave", figure.wave),
            ("group", figure.group),
            ("item", figure.item),
            ("yes", figure.count),
            ("base", figure.base),
        ):
            rows[key].append(value)
    if not rows["yes"]:
        raise DataError("no cell has both a count and a base", Location(file=cube.file))
    groups = list(dict.fromkeys(rows["group"]))
    items = list(dict.fromkeys(rows["item"]))
    waves = list(figures.wave_ids)
    steps = list(itertools.pairwise(waves))
    pairs = list(dict.fromkeys([*steps, (waves[0], waves[-1])]))
    panel: dict[str, list[Any]] = {
        k: [] for k in ("before", "after", "group", "item", *PANEL_CELLS)
    }
    for before, after in pairs if len(waves) > 1 else ():
        for group in groups:
            for item in items:
                for key, value in (
                    ("before", before),
                    ("after", after),
                    ("group", group),
                    ("item", item),
                ):
                    panel[key].append(value)
                for cell in PANEL_CELLS:
                    panel[cell].append(0)
    return Tally.from_long(
        rows,
        panel if panel["before"] else None,
        waves=waves,
        groups=groups,
        items=items,
        grouping=",".join(resolve_mapping(cube, mapping).groups) or None,
    )

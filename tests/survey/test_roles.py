"""Column roles by name: ``Survey.from_columns(df, org_code="org_id", wave="year")``."""

from __future__ import annotations

import pandas as pd
import pytest

from skl_socialmedia import Survey
from skl_socialmedia.errors import (
    DataErrorGroup,
    InvalidArgumentError,
    UnknownNameError,
)

ORGS = ["0114", "0115", "0117", "0120"]


def _frame(**names: str) -> pd.DataFrame:
    columns = {
        "wave": [2010] * 4 + [2012] * 4,
        "org_code": ORGS * 2,
        "org_kind": ["municipality"] * 8,
        "weight": [1.0, 2.0, 1.0, 3.0] * 2,
        "uses": [1, 0, 1, 1, 1, 1, 1, 0],
    }
    return pd.DataFrame({names.get(k, k): v for k, v in columns.items()})


def test_roles_by_name_give_the_same_survey() -> None:
    canonical = Survey.from_columns(_frame())
    renamed = Survey.from_columns(
        _frame(wave="year", org_code="org_id", org_kind="type", weight="w"),
        wave="year",
        org_code="org_id",
        org_kind="type",
        weight="w",
    )
    assert renamed.waves == canonical.waves
    assert renamed.organisations == canonical.organisations
    assert renamed.weighted
    assert canonical.weighted
    assert renamed.attributes == canonical.attributes
    assert renamed.rates().value.tolist() == canonical.rates().value.tolist()
    assert "year" not in renamed.attributes


def test_a_missing_role_column_lists_the_columns_present() -> None:
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(_frame(org_code="org_id"), org_code="orgid")
    text = str(info.value)
    assert "named by org_code= is missing" in text
    assert "missing required column 'org_code'" not in text  # said once
    assert "'org_id'" in text
    assert "'wave'" in text


def test_a_missing_required_column_lists_the_columns_present() -> None:
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(_frame(wave="year"))
    text = str(info.value)
    assert "missing required column 'wave' (called otherwise? name it" in text
    assert "--columns wave=NAME" in text
    assert "'year'" in text


def test_the_reserved_name_and_a_role_cannot_both_be_there() -> None:
    frame = _frame()
    frame["year"] = frame["wave"]
    with pytest.raises(DataErrorGroup, match="is there as well as the column named"):
        Survey.from_columns(frame, wave="year")


def test_role_arguments_are_checked() -> None:
    with pytest.raises(InvalidArgumentError, match="two roles"):
        Survey.from_columns(_frame(), wave="org_code", org_code="org_code")
    with pytest.raises(InvalidArgumentError):
        Survey.from_columns(_frame(), wave=2010)  # type: ignore[arg-type]


def test_weight_role_and_design_weight_must_agree() -> None:
    from skl_socialmedia import Design

    frame = _frame(weight="w")
    survey = Survey.from_columns(frame, weight="w", design=Design(weight="w"))
    assert survey.weighted
    with pytest.raises(InvalidArgumentError, match="differ"):
        Survey.from_columns(frame, weight="w", design=Design(weight="other"))
    # a design without weights takes the weight role's column
    assert Survey.from_columns(frame, weight="w", design=Design()).weighted


def test_unknown_role() -> None:
    from skl_socialmedia.survey.arguments import roles_argument

    with pytest.raises(UnknownNameError, match="column role"):
        roles_argument({"colour": "c"})
    assert roles_argument({"wave": None, "org_code": "id"}) == {"org_code": "id"}

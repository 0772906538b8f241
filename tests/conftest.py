"""Tests never depend on which plugins happen to be installed.

Every test sees a plugin manager holding the built-in plugins only, and
subprocesses started by tests load no third-party entry points either.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from skl_socialmedia.plugins.manager import (
    ENV_LOAD,
    PluginManager,
    reset_plugin_manager,
)

os.environ[ENV_LOAD] = ""


@pytest.fixture(autouse=True)
def _builtin_plugins_only() -> Iterator[None]:
    reset_plugin_manager(PluginManager(entry_points=(), environ={}))
    yield
    reset_plugin_manager(None)

"""Plugins: data sources and output formats, built-in and third-party alike."""

from __future__ import annotations

from skl_socialmedia.plugins.declared import Declared, lazy_format, lazy_source
from skl_socialmedia.plugins.manager import (
    LoadFailure,
    PluginInfo,
    PluginManager,
    get_plugin_manager,
    reset_plugin_manager,
)
from skl_socialmedia.plugins.protocols import DataSource, OutputFormat
from skl_socialmedia.plugins.specs import hookimpl

__all__ = [
    "DataSource",
    "Declared",
    "LoadFailure",
    "OutputFormat",
    "PluginInfo",
    "PluginManager",
    "get_plugin_manager",
    "hookimpl",
    "lazy_format",
    "lazy_source",
    "reset_plugin_manager",
]

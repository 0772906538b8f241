"""Sources of published tables: JSON-stat, PC-Axis and SDMX-CSV."""

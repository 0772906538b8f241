"""Sources of microdata (one row per organisation per wave): CSV and JSON."""

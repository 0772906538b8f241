"""Statistics on counts: rates, intervals and percentage-point deltas."""

"""``python -m skl_socialmedia``: the same program as ``skl-socialmedia``."""

from __future__ import annotations

from skl_socialmedia.cli import main

raise SystemExit(main())

"""`python -m tools.content check`."""

from __future__ import annotations

from tools.content.cli import main

raise SystemExit(main())

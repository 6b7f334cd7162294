"""Entry point of the bundled app: the same as ``python -m desktop``."""

from desktop.cli import main

raise SystemExit(main())

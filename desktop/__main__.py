"""``onramp``: with no arguments opens the window; subcommands script the rest."""

from desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

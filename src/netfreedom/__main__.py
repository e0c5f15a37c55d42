"""``python -m netfreedom`` and the console script: start the CLI, Ctrl+C as one line."""

from __future__ import annotations

import sys


def main() -> None:
    """Import the command line (the slow part) under a Ctrl+C guard, then run it."""
    try:
        from netfreedom.cli.main import main as run
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()

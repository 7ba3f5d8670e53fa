"""``python -m sitrep`` runs the same command as the ``sitrep`` script."""

import sys

from sitrep.wiring.cli import main

if __name__ == "__main__":  # not when a worker process imports it
    sys.exit(main())

"""``python -m sitrep`` runs the same command as the ``sitrep`` script."""

import sys

from sitrep.wiring.cli import main

sys.exit(main())

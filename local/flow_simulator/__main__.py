"""``python -m local.flow_simulator``: see cli.py."""

import sys

from local.flow_simulator.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""``python -m frontdoor.catalogue``: check services.yaml and write its snapshot (see loader.py)."""

from __future__ import annotations

import sys

from frontdoor.catalogue.errors import CatalogueError
from frontdoor.catalogue.loader import write_snapshot

if __name__ == "__main__":
    try:
        print(f"wrote {write_snapshot()}")
    except CatalogueError as error:
        sys.exit(error.message)

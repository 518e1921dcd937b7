"""Nearness: distances and the geohash cells that cover a circle.

This supports a sparse geohash index of open cases: each case is indexed under its geohash cell
at ``INDEX_PRECISION``, fixed so that changing the configured duplicate-search radius never
strands cases indexed before. A new report queries the cells from ``cells_covering`` (its own
and the neighbours the circle reaches) and keeps only cases within ``distance_m``. Because a
cell's smaller side is at least ``MAX_RADIUS_M``, any point within the radius lies in the
report's own cell or one of its eight neighbours.
"""

from __future__ import annotations

import math

import pygeohash

# Mean Earth radius (IUGG), in metres.
EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_M / 360

# Geohash cells narrow (in metres) towards the poles. The index precision must not depend on
# where a point is, or a case and a report near it could be indexed at different precisions,
# so sizes are worked out at the most northerly UK latitude (Shetland, about 60.9N): cells are
# never narrower than that anywhere in the UK.
DESIGN_LATITUDE = 61.0
MIN_PRECISION = 5
MAX_PRECISION = 8


def _smaller_side(precision: int) -> float:
    return min(cell_size_m(precision))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def geohash(lat: float, lon: float, precision: int) -> str:
    """The geohash of a point, ``precision`` characters long."""
    return pygeohash.encode(lat, lon, precision=precision)


def cell_size_m(precision: int, latitude: float = DESIGN_LATITUDE) -> tuple[float, float]:
    """A geohash cell's (height, width) in metres at ``latitude``."""
    bits = 5 * precision
    lon_bits = (bits + 1) // 2  # geohash interleaves bits, starting with longitude
    lat_bits = bits // 2
    height = 180 / 2**lat_bits * METRES_PER_DEGREE
    width = 360 / 2**lon_bits * METRES_PER_DEGREE * math.cos(math.radians(latitude))
    return height, width


def precision_for(radius_m: float) -> int:
    """The longest geohash precision (5 to 8) whose cells' smaller side is at least ``radius_m``.

    At that precision the 3x3 block of cells around any UK point covers the whole circle.
    Raises ``ValueError`` for a negative radius or one too big for precision 5 (about 2.3 km),
    since a 3x3 block could then miss points inside the circle.
    """
    if not radius_m >= 0:  # also rejects NaN
        raise ValueError("radius_m must be zero or more")
    for precision in range(MAX_PRECISION, MIN_PRECISION - 1, -1):
        if min(cell_size_m(precision)) >= radius_m:
            return precision
    raise ValueError(
        f"radius_m {radius_m:g} is too large: geohash precision {MIN_PRECISION} cells only cover "
        f"{min(cell_size_m(MIN_PRECISION)):.0f} m"
    )


def neighbours(cell: str) -> list[str]:
    """The eight cells around ``cell``, clockwise from north."""
    north, south = pygeohash.get_adjacent(cell, "top"), pygeohash.get_adjacent(cell, "bottom")
    return [
        north,
        pygeohash.get_adjacent(north, "right"),
        pygeohash.get_adjacent(cell, "right"),
        pygeohash.get_adjacent(south, "right"),
        south,
        pygeohash.get_adjacent(south, "left"),
        pygeohash.get_adjacent(cell, "left"),
        pygeohash.get_adjacent(north, "left"),
    ]


def cells_covering(lat: float, lon: float, radius_m: float, precision: int | None = None) -> list[str]:
    """The cells (at ``INDEX_PRECISION`` unless told) that the circle touches: the point's own
    cell and those of its eight neighbours whose box comes within ``radius_m`` of the point (often
    1 to 4, so a duplicate search makes few queries)."""
    precision = INDEX_PRECISION if precision is None else precision
    if radius_m > _smaller_side(precision):
        raise ValueError(f"radius_m {radius_m:g} is more than precision {precision} cells cover")
    cell = geohash(lat, lon, precision)
    return [c for c in dict.fromkeys([cell, *neighbours(cell)]) if _box_distance_m(c, lat, lon) <= radius_m]


def _box_distance_m(cell: str, lat: float, lon: float) -> float:
    """Distance from the point to the nearest point of the cell's box (0 inside it)."""
    box = pygeohash.decode_exactly(cell)
    nearest_lat = min(max(lat, box.latitude - box.latitude_error), box.latitude + box.latitude_error)
    nearest_lon = min(max(lon, box.longitude - box.longitude_error), box.longitude + box.longitude_error)
    return distance_m(lat, lon, nearest_lat, nearest_lon)


# Cells about 600 m across in the UK: room for any duplicate radius up to MAX_RADIUS_M.
INDEX_PRECISION = 6
MAX_RADIUS_M = int(_smaller_side(INDEX_PRECISION))

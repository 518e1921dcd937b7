"""Geography: which ward a point is in, and which open cases are near it."""

from frontdoor.geo.nearby import cells_covering, distance_m, geohash, neighbours, precision_for
from frontdoor.geo.wards import Ward, WardMap, default_wards

__all__ = [
    "Ward",
    "WardMap",
    "cells_covering",
    "default_wards",
    "distance_m",
    "geohash",
    "neighbours",
    "precision_for",
]

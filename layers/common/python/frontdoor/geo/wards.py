"""Which electoral ward a point is in.

The packaged ``data/wards.geojson`` is SAMPLE data: fictional wards tiling a small area of an
English Midlands city centre. Each council replaces that file with its own ward boundaries
(for example from the ONS Open Geography Portal), as a GeoJSON FeatureCollection of Polygon or
MultiPolygon features with ``ward_code`` and ``ward_name`` properties.

Point-in-polygon is pure Python ray casting with a bounding-box pre-check: no shapely, because
Lambda cold start matters more than speed on a few dozen polygons. GeoJSON positions are
[longitude, latitude]; the first ring of a polygon is its outline and any others are holes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).parent / "data" / "wards.geojson"

Ring = tuple[tuple[float, float], ...]  # (lon, lat) positions, first == last


@dataclass(frozen=True)
class Ward:
    code: str
    name: str


@dataclass(frozen=True)
class _Polygon:
    outline: Ring
    holes: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    @classmethod
    def from_rings(cls, rings: Sequence[Ring]) -> _Polygon:
        outline = rings[0]
        lons = [lon for lon, _ in outline]
        lats = [lat for _, lat in outline]
        return cls(outline, tuple(rings[1:]), (min(lons), min(lats), max(lons), max(lats)))

    def contains(self, lon: float, lat: float) -> bool:
        min_lon, min_lat, max_lon, max_lat = self.bbox
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            return False
        return _in_ring(self.outline, lon, lat) and not any(_in_ring(h, lon, lat) for h in self.holes)


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: a point is inside if a ray from it crosses the ring an odd number of times."""
    inside = False
    x1, y1 = ring[-1]
    for x2, y2 in ring:
        # The half-open test (y1 > y) != (y2 > y) counts a vertex on the ray once, not twice.
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        x1, y1 = x2, y2
    return inside


class WardMap:
    """Ward boundaries, answering which ward a point falls in."""

    def __init__(self, areas: Sequence[tuple[Ward, Sequence[_Polygon]]]) -> None:
        self._areas = [(ward, tuple(polygons)) for ward, polygons in areas]

    @classmethod
    def from_geojson(cls, source: str | Path | Mapping[str, Any]) -> WardMap:
        """Build from a GeoJSON FeatureCollection, given as a file path or an already parsed dict."""
        if isinstance(source, Mapping):
            data: Any = source
        else:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        if not isinstance(data, Mapping) or data.get("type") != "FeatureCollection":
            raise ValueError("ward boundaries must be a GeoJSON FeatureCollection")
        return cls([_parse_feature(n, feature) for n, feature in enumerate(data.get("features") or [], 1)])

    @property
    def wards(self) -> list[Ward]:
        return [ward for ward, _ in self._areas]

    def ward_at(self, lat: float, lon: float) -> Ward | None:
        """The ward containing the point, or None if it is outside every ward."""
        for ward, polygons in self._areas:
            if any(polygon.contains(lon, lat) for polygon in polygons):
                return ward
        return None

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point is inside the council's area (in any ward)."""
        return self.ward_at(lat, lon) is not None


def _parse_feature(number: int, feature: Any) -> tuple[Ward, list[_Polygon]]:
    properties = feature.get("properties") or {}
    code, name = properties.get("ward_code"), properties.get("ward_name")
    if not isinstance(code, str) or not isinstance(name, str):
        raise ValueError(f"ward feature #{number} needs string ward_code and ward_name properties")
    geometry = feature.get("geometry") or {}
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    polygons: Any
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        raise ValueError(f"ward {code!r}: geometry must be a Polygon or MultiPolygon, not {kind!r}")
    try:
        return Ward(code, name), [_Polygon.from_rings([_ring(r) for r in rings]) for rings in polygons]
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"ward {code!r}: malformed coordinates ({exc})") from exc


def _ring(positions: Sequence[Sequence[float]]) -> Ring:
    ring = tuple((float(p[0]), float(p[1])) for p in positions)
    if len(ring) < 4:
        raise ValueError("a linear ring needs at least 4 positions")
    return ring


@functools.lru_cache(maxsize=1)
def default_wards() -> WardMap:
    """The packaged ward boundaries, loaded once per process."""
    return WardMap.from_geojson(DEFAULT_PATH)

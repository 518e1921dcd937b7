"""Wards (point in polygon) and nearness (distances and geohash cells)."""

from __future__ import annotations

import math
from typing import Any

import pygeohash
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdoor.geo import (
    Ward,
    WardMap,
    cells_covering,
    default_wards,
    distance_m,
    geohash,
    neighbours,
    precision_for,
)
from frontdoor.geo.nearby import EARTH_RADIUS_M, INDEX_PRECISION, MAX_RADIUS_M, cell_size_m

# A point inside each packaged sample ward, as (lat, lon).
POINT_IN_WARD = {
    "E05990001": (52.650, -1.150),  # Northgate
    "E05990002": (52.650, -1.130),  # Kingsmead
    "E05990003": (52.650, -1.110),  # Eastfield
    "E05990004": (52.630, -1.150),  # Westbrook
    "E05990005": (52.624, -1.130),  # Old Market
    "E05990006": (52.630, -1.110),  # Foundry Quarter
    "E05990007": (52.630, -1.130),  # Cathedral Close, an enclave in a hole in Old Market
}


def square(lon0: float, lat0: float, lon1: float, lat1: float) -> list[list[float]]:
    return [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(code: str, geometry_type: str, coordinates: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"ward_code": code, "ward_name": f"Ward {code}"},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


# ---------------------------------------------------------------- wards


@pytest.mark.parametrize(("code", "point"), POINT_IN_WARD.items())
def test_a_point_in_each_sample_ward_maps_to_that_ward(code: str, point: tuple[float, float]):
    ward = default_wards().ward_at(*point)
    assert ward is not None and ward.code == code
    assert default_wards().contains(*point)


def test_sample_wards_are_the_seven_fictional_wards():
    assert {w.code for w in default_wards().wards} == set(POINT_IN_WARD)
    assert all(isinstance(w, Ward) and w.name for w in default_wards().wards)


@pytest.mark.parametrize(
    "point", [(52.61, -1.13), (52.67, -1.13), (52.64, -1.17), (52.64, -1.09), (51.5, -0.12)]
)
def test_a_point_outside_the_council_area_is_in_no_ward(point: tuple[float, float]):
    assert default_wards().ward_at(*point) is None
    assert not default_wards().contains(*point)


def test_sample_wards_tile_the_area_without_gaps_or_overlaps():
    wards = default_wards()
    for i in range(1, 40):
        for j in range(1, 60):
            lat, lon = 52.62 + 0.04 * i / 40, -1.16 + 0.06 * j / 60
            matches = [w for w, polygons in wards._areas if any(p.contains(lon, lat) for p in polygons)]
            assert len(matches) == 1, (lat, lon, matches)


def test_a_point_in_a_hole_is_outside_the_polygon():
    outer = square(-1.0, 52.0, -0.9, 52.1)
    hole = square(-0.96, 52.04, -0.94, 52.06)[::-1]
    wards = WardMap.from_geojson(collection(feature("E05000001", "Polygon", [outer, hole])))
    assert wards.ward_at(52.02, -0.98) == Ward("E05000001", "Ward E05000001")
    assert wards.ward_at(52.05, -0.95) is None


def test_a_multipolygon_ward_contains_points_in_each_part():
    parts = [[square(0.0, 50.0, 0.1, 50.1)], [square(0.5, 50.0, 0.6, 50.1)]]
    wards = WardMap.from_geojson(collection(feature("E05000002", "MultiPolygon", parts)))
    assert wards.ward_at(50.05, 0.05) is not None
    assert wards.ward_at(50.05, 0.55) is not None
    assert wards.ward_at(50.05, 0.3) is None


def test_a_concave_ward_excludes_its_notch():
    # A U shape: the notch between the arms is inside the bounding box but not the ward.
    u_shape = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]
    wards = WardMap.from_geojson(collection(feature("E05000003", "Polygon", [u_shape])))
    assert wards.contains(2.5, 0.5)  # lat, lon: in the left arm
    assert not wards.contains(2.0, 1.5)  # in the notch


def test_geojson_coordinates_are_lon_then_lat():
    tall = square(10.0, 50.0, 10.1, 51.0)  # 0.1 degrees of longitude by 1 degree of latitude
    wards = WardMap.from_geojson(collection(feature("E05000004", "Polygon", [tall])))
    assert wards.contains(50.5, 10.05)
    assert not wards.contains(10.05, 50.5)


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "Feature"}, "FeatureCollection"),
        (collection(feature("E1", "Point", [0, 0])), "Polygon or MultiPolygon"),
        (collection(feature("E1", "Polygon", [[[0, 0], [1, 1], [0, 0]]])), "malformed"),
        (collection({"type": "Feature", "properties": {}, "geometry": None}), "ward_code"),
    ],
)
def test_malformed_ward_boundaries_are_rejected(geojson: dict[str, Any], message: str):
    with pytest.raises(ValueError, match=message):
        WardMap.from_geojson(geojson)


def test_default_wards_are_loaded_once():
    assert default_wards() is default_wards()


# ---------------------------------------------------------------- nearness


def test_distance_between_two_known_points():
    # One degree along a meridian is a 360th of the Earth's circumference.
    assert distance_m(52.0, -1.13, 53.0, -1.13) == pytest.approx(2 * math.pi * EARTH_RADIUS_M / 360)
    # London to Paris, a well-known 343.5 km.
    assert distance_m(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343_500, rel=0.005)


def test_distance_is_zero_for_the_same_point_and_symmetric():
    assert distance_m(52.64, -1.13, 52.64, -1.13) == 0
    assert distance_m(52.64, -1.13, 52.65, -1.12) == pytest.approx(distance_m(52.65, -1.12, 52.64, -1.13))


def test_geohash_has_the_requested_precision():
    assert geohash(52.64, -1.13, 7) == "gcr5qqc"
    assert geohash(52.64, -1.13, 5) == "gcr5q"


@pytest.mark.parametrize(
    ("radius_m", "precision"),
    [(0, 8), (10, 8), (18, 8), (19, 7), (50, 7), (74, 7), (75, 6), (100, 6), (500, 6), (600, 5), (2000, 5)],
)
def test_precision_for_picks_the_longest_precision_whose_cells_cover_the_radius(
    radius_m: float, precision: int
):
    assert precision_for(radius_m) == precision
    assert min(cell_size_m(precision)) >= radius_m


@pytest.mark.parametrize("radius_m", [-1, 5000, math.nan])
def test_precision_for_rejects_radii_a_three_by_three_block_cannot_cover(radius_m: float):
    with pytest.raises(ValueError):
        precision_for(radius_m)


def test_cells_covering_is_the_cell_and_only_the_neighbours_the_circle_touches():
    cells = cells_covering(52.64, -1.13, 50)
    assert len(cells) == len(set(cells)) <= 9
    assert cells[0] == geohash(52.64, -1.13, INDEX_PRECISION)
    assert set(cells[1:]) <= set(neighbours(cells[0]))
    assert all(len(cell) == INDEX_PRECISION for cell in cells)


def test_the_index_precision_does_not_depend_on_the_radius_so_cases_are_never_stranded():
    assert len(cells_covering(52.64, -1.13, 10)[0]) == len(cells_covering(52.64, -1.13, 500)[0])


def test_a_radius_the_index_cells_cannot_cover_is_refused():
    with pytest.raises(ValueError):
        cells_covering(52.64, -1.13, MAX_RADIUS_M + 1)


def test_a_point_in_the_middle_of_its_cell_needs_only_that_cell():
    middle = pygeohash.decode_exactly(geohash(52.64, -1.13, 6))
    assert cells_covering(middle.latitude, middle.longitude, 100) == [geohash(52.64, -1.13, 6)]


@pytest.mark.parametrize("radius_m", [18.5, 74.0, 592.0, 2369.0])
def test_points_at_the_radius_from_a_cell_corner_are_still_covered(radius_m: float):
    # The worst case: a centre just inside a corner of its cell, with the radius as big as allowed.
    cell = geohash(60.9, -1.0, precision_for(radius_m))
    corner = pygeohash.get_bounding_box(cell)
    centre = (corner.min_lat + 1e-9, corner.min_lon + 1e-9)
    covering = cells_covering(*centre, radius_m, precision=precision_for(radius_m))
    for bearing in range(0, 360, 15):
        lat, lon = destination(*centre, bearing, radius_m * 0.999)
        assert geohash(lat, lon, precision_for(radius_m)) in covering, bearing


def destination(lat: float, lon: float, bearing_deg: float, metres: float) -> tuple[float, float]:
    """The point ``metres`` away from (lat, lon) along a great circle at ``bearing_deg``."""
    delta = metres / EARTH_RADIUS_M
    theta, phi1, lambda1 = math.radians(bearing_deg), math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lambda2)


@settings(max_examples=300, deadline=None)
@given(
    centre_lat=st.floats(49.9, 60.9),  # the UK, from the Scilly Isles to Shetland
    centre_lon=st.floats(-8.0, 1.8),
    radius_m=st.floats(1.0, 2300.0),
    bearing=st.floats(0.0, 360.0),
    fraction=st.floats(0.0, 1.0),
)
def test_points_within_the_radius_fall_in_the_covering_cells(
    centre_lat: float, centre_lon: float, radius_m: float, bearing: float, fraction: float
):
    lat, lon = destination(centre_lat, centre_lon, bearing, radius_m * fraction)
    assert distance_m(centre_lat, centre_lon, lat, lon) <= radius_m + 1e-6  # float rounding only
    precision = precision_for(radius_m)
    assert geohash(lat, lon, precision) in cells_covering(centre_lat, centre_lon, radius_m, precision)

"""Open311 GeoReport v2 (with FixMyStreet's extensions): parsing, views and rendering."""

"""The council's service catalogue: services, their questions, channels and service standards.

The catalogue is one versioned YAML file (``services.yaml`` in this package) that the council
edits; ``default_catalogue()`` loads and validates it once per process.
"""

from frontdoor.catalogue.errors import CatalogueError, InvalidAnswer
from frontdoor.catalogue.loader import DEFAULT_PATH, default_catalogue, load_catalogue
from frontdoor.catalogue.model import (
    Attribute,
    AttributeValue,
    Catalogue,
    Channel,
    Datatype,
    LocationKind,
    Service,
    Standard,
    Team,
)

__all__ = [
    "DEFAULT_PATH",
    "Attribute",
    "AttributeValue",
    "Catalogue",
    "CatalogueError",
    "Channel",
    "Datatype",
    "InvalidAnswer",
    "LocationKind",
    "Service",
    "Standard",
    "Team",
    "default_catalogue",
    "load_catalogue",
]

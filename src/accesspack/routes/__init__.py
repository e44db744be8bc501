"""Routes: regulator knowledge as data, loaded from ``templates/<regulator>/``."""

from .conditions import field_value, holds
from .registry import Route, list_routes, load_route, templates_root
from .spec import Citation, Condition, Deadline, Packet, Part, RegulatorSpec, RouteSpec

__all__ = [
    "Citation",
    "Condition",
    "Deadline",
    "Packet",
    "Part",
    "RegulatorSpec",
    "Route",
    "RouteSpec",
    "field_value",
    "holds",
    "list_routes",
    "load_route",
    "templates_root",
]

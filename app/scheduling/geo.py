"""Travel-time estimates between venues from coordinates.

Distance is great-circle (haversine, mean Earth radius 6371.0088 km) times a detour factor
for the real route; time is that distance at the mode's door-to-door speed plus a fixed
overhead (finding a taxi; getting to, waiting at and leaving stations), and never less than
the minimum transfer time between two different venues. Defaults, chosen to be plausible for
Tokyo/Osaka and London/Manchester-type missions:

| mode  | speed km/h | detour | overhead min | used (mode "auto") when distance is |
| walk  | 4.5        | 1.3    | 0            | <= 1 km                             |
| car   | 25         | 1.4    | 5            | <= 40 km (urban taxi/car)           |
| train | 160        | 1.25   | 30           | > 40 km (intercity, e.g. shinkansen) |

Tokyo-Shin-Osaka (~400 km) comes out at 218 min door to door; a 5 km taxi ride at 22 min.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class TravelMode:
    name: str
    speed_kmh: float
    detour: float
    overhead_minutes: float


WALK = TravelMode("walk", 4.5, 1.3, 0.0)
CAR = TravelMode("car", 25.0, 1.4, 5.0)
TRAIN = TravelMode("train", 160.0, 1.25, 30.0)
MODES = {m.name: m for m in (WALK, CAR, TRAIN)}


@dataclass(frozen=True)
class TravelModel:
    """How to estimate legs with no given time: a fixed mode, or "auto" by distance."""

    mode: str = "auto"  # "auto", "walk", "car" or "train"
    walk_max_km: float = 1.0
    car_max_km: float = 40.0
    min_transfer_minutes: int = 10


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def choose_mode(km: float, model: TravelModel) -> TravelMode:
    """Pick the travel mode for a distance under the model's rule."""
    if model.mode != "auto":
        return MODES[model.mode]
    if km <= model.walk_max_km:
        return WALK
    return CAR if km <= model.car_max_km else TRAIN


def estimate_minutes(km: float, model: TravelModel) -> tuple[int, str]:
    """Estimate whole minutes and the mode for a leg of `km` great-circle kilometres."""
    mode = choose_mode(km, model)
    minutes = km * mode.detour / mode.speed_kmh * 60.0 + mode.overhead_minutes
    return max(model.min_transfer_minutes, math.ceil(minutes)), mode.name

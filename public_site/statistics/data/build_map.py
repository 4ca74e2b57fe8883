"""Builds map.json (one simplified SVG path per municipality) from Kartverket's 2024 boundaries.

Run once by hand when the boundaries change: `python public_site/statistics/data/build_map.py
../shared/data/maps/kommuner-2024-s.geojson`. The app reads only the JSON it writes, so nothing
at run time depends on ../shared. Kartdata: © Kartverket (CC BY 4.0).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

HEIGHT = 1000.0
CENTRAL_LON = 15.0  # a sinusoidal projection centred on Norway keeps the north from stretching
TOLERANCE = 0.9  # Douglas-Peucker tolerance in map units (the map is 1000 high)
MIN_RING_AREA = 1.5  # islands smaller than this (map units²) vanish unless they are all there is


def _project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - CENTRAL_LON) * math.cos(math.radians(lat)), -lat


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy) or 1e-12
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _area(points: list[tuple[float, float]]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=False)
            )
        )
        / 2
    )


def build(source: Path) -> dict:
    features = json.loads(source.read_text())["features"]
    rings_by_number: dict[str, list[list[tuple[float, float]]]] = {}
    names: dict[str, str] = {}
    for feature in features:
        number = feature["properties"]["kommunenummer"]
        names[number] = feature["properties"]["kommunenavn"]
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        # Outer rings only: holes are mostly lakes and other municipalities, drawn on top anyway.
        rings_by_number[number] = [[_project(*pt) for pt in polygon[0]] for polygon in polygons]
    xs = [x for rings in rings_by_number.values() for ring in rings for x, _ in ring]
    ys = [y for rings in rings_by_number.values() for ring in rings for _, y in ring]
    scale = HEIGHT / (max(ys) - min(ys))
    width = (max(xs) - min(xs)) * scale
    paths = {}
    for number, rings in sorted(rings_by_number.items()):
        scaled = [[((x - min(xs)) * scale, (y - min(ys)) * scale) for x, y in r] for r in rings]
        scaled.sort(key=_area, reverse=True)
        kept = [r for i, r in enumerate(scaled) if i == 0 or _area(r) >= MIN_RING_AREA]
        parts = []
        for ring in kept:
            simple = _simplify(ring, TOLERANCE)
            if len(simple) < 4:
                simple = ring[:: max(1, len(ring) // 4)]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in simple) + "Z")
        paths[number] = "".join(parts)
    return {
        "width": round(width, 1),
        "height": HEIGHT,
        "credit": "Kartdata: © Kartverket (CC BY 4.0)",
        "names": names,
        "paths": paths,
    }


if __name__ == "__main__":
    out = Path(__file__).with_name("map.json")
    out.write_text(json.dumps(build(Path(sys.argv[1])), ensure_ascii=False, separators=(",", ":")))
    print(out, out.stat().st_size)

"""Build the case-study map's country shapes.

Writes casestudies/data/world_110m.json (one SVG path per country code, drawn
over the base map for the countries with case studies) and
static/casestudies/world-110m.svg (the base map: all land, in grey).

Source: Natural Earth 1:110m admin-0 countries (public domain,
https://www.naturalearthdata.com/), as TopoJSON in the npm package
``world-atlas`` 2.0.2 (ISC licence, Mike Bostock), file ``countries-110m.json``.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_world_map.py package/countries-110m.json

The TopoJSON is decoded here (no GIS library needed), projected with the Equal
Earth projection (equal-area, so large countries do not look more important
than they are), rounded to 0.1 unit on a 1000-unit-wide canvas and written as
one SVG path per ISO 3166-1 alpha-2 code. Antarctica is left out; shapes
without an ISO code (e.g. Kosovo, Northern Cyprus, Somaliland) are kept as
unlabelled land so the map has no holes.
"""

import itertools
import json
import math
import sys
from pathlib import Path

from iso3166 import countries_by_numeric

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "casestudies" / "data" / "world_110m.json"
BASE_MAP = ROOT / "static" / "casestudies" / "world-110m.svg"
WIDTH = 1000.0
LEFT_OUT = {"AQ"}

# Equal Earth (Šavrič, Patterson, Jenny 2018)
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring cut at the antimeridian (Russia, Fiji) drawn on one side of it.

    Natural Earth closes such rings along ±180°, which would draw a band across
    the whole map; the part on the far side is moved next to the rest and falls
    just outside the map's edge.
    """
    if not any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(points)):
        return points
    east = sum(lon for lon, _ in points) > 0
    if east:
        return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]
    return [(lon - 360 if lon > 0 else lon, lat) for lon, lat in points]


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    # The canvas: the whole projected world, 1000 units wide.
    x_max, _ = equal_earth(180, 0)
    _, y_max = equal_earth(0, 90)
    _, y_min = equal_earth(0, -60)  # no Antarctica: the map stops at 60° S
    scale = WIDTH / (2 * x_max)
    height = round((y_max - y_min) * scale, 1)

    def svg_point(lon, lat):
        x, y = equal_earth(lon, lat)
        return round((x + x_max) * scale, 1), round((y_max - y) * scale, 1)

    countries, other = {}, []
    for geometry in topology["objects"]["countries"]["geometries"]:
        country = countries_by_numeric.get(geometry.get("id", ""))
        code = country.alpha2 if country else ""
        if code in LEFT_OUT:
            continue
        parts = []
        for polygon in polygons(geometry):
            for ring in polygon:
                points, last = [], None
                for point in (svg_point(*p) for p in unwrap(ring_points(ring, arcs))):
                    if point != last:
                        points.append(point)
                        last = point
                if len(points) < 3:
                    continue
                coords = " ".join(f"{x:g} {y:g}" for x, y in points)
                parts.append(f"M{coords}Z")
        if not parts:
            continue
        if code:
            countries[code] = countries.get(code, "") + "".join(parts)
        else:
            other.append("".join(parts))

    data = {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), "
        "via the npm package world-atlas 2.0.2 (ISC); scripts/build_world_map.py",
        "projection": "Equal Earth",
        "viewBox": f"0 0 {WIDTH:g} {height:g}",
        "countries": dict(sorted(countries.items())),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {OUT.stat().st_size // 1024} KB")
    land = "".join([*countries.values(), *other])
    edge = [svg_point(-180, lat) for lat in range(-60, 91, 5)]
    edge += [svg_point(180, lat) for lat in range(90, -61, -5)]
    sphere = "M" + " ".join(f"{x:g} {y:g}" for x, y in edge) + "Z"
    BASE_MAP.parent.mkdir(exist_ok=True)
    BASE_MAP.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{data["viewBox"]}">'
        f"<!-- {data['source']} -->"
        f'<path d="{sphere}" fill="#eef4fa"/>'
        f'<path d="{land}" fill="#dfe3e8" stroke="#ffffff" stroke-width="0.5"/>'
        "</svg>\n",
        encoding="utf-8",
    )
    print(f"{BASE_MAP}: {BASE_MAP.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1])

"""The map and the charts, drawn on the server as SVG geometry the templates print: no
JavaScript, no CDN, and every shape carries its figure as text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAP_FILE = Path(__file__).with_name("data") / "map.json"
CREDIT = "Kartdata: © Kartverket (CC BY 4.0)"

# What the map can colour by (query parameter `kart`).
MAP_INDICATORS = {
    "fritt": gettext_lazy("Fritt brukervalg (ja/nei)"),
    "leverandorer": gettext_lazy("Godkjente leverandører per ordning"),
    "privat": gettext_lazy("Andel betjent av privat leverandør"),
}
PUBLIC_MAP_INDICATORS = ("fritt", "leverandorer")
_BINS = {
    "leverandorer": [(1, "0–1"), (2, "1–2"), (4, "2–4"), (None, "4+")],
    "privat": [(10, "0–10 %"), (25, "10–25 %"), (50, "25–50 %"), (None, "50 %+")],
}


@cache
def map_data() -> dict:
    return json.loads(MAP_FILE.read_text())


@dataclass(frozen=True)
class Area:
    kommunenummer: str
    name: str
    path: str
    value: str
    css: str
    href: str

    @property
    def label(self) -> str:
        return f"{self.name}: {self.value}"


def _bin(indicator: str, value: float) -> int:
    for index, (upper, _label) in enumerate(_BINS[indicator]):
        if upper is None or value < upper:
            return index + 1
    return len(_BINS[indicator])


def legend(indicator: str) -> list[tuple[str, str]]:
    if indicator == "fritt":
        return [("map-yes", _("ja")), ("map-no", _("nei"))]
    bins = [(f"map-q{i + 1}", label) for i, (_u, label) in enumerate(_BINS[indicator])]
    return [*bins, ("map-none", _("ingen tall eller skjult"))]


def map_areas(rows: dict[str, dict], *, indicator: str, params: dict, base: str) -> list[Area]:
    """One area per municipality in the map file (all 357), coloured by `indicator` from
    `rows` ({kommunenummer: {"name", "free_choice", "suppliers_per_scheme", "private_share"}}),
    each linking to the same page for that municipality (the drill-down)."""
    data = map_data()
    areas = []
    for number, path in data["paths"].items():
        row = rows.get(number, {})
        name = row.get("name") or data["names"][number]
        if indicator == "fritt":
            yes = row.get("free_choice") == _("ja")
            value, css = (_("ja") if yes else _("nei")), ("map-yes" if yes else "map-no")
        else:
            cell = row.get(
                "suppliers_per_scheme" if indicator == "leverandorer" else "private_share"
            )
            if cell is None or cell.value is None:
                value = cell.mark if cell is not None and cell.mark else _("ingen tall")
                css = "map-none"
            else:
                value = f"{cell.value}" + (" %" if indicator == "privat" else "")
                css = f"map-q{_bin(indicator, cell.value)}"
        href = base + "?" + urlencode({**params, "omrade": f"k{number}"})
        areas.append(Area(number, name, path, value, css, href))
    return areas


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    label_x: float

    @property
    def value_y(self) -> float:
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: list[Bar]
    width: int
    height: int
    baseline: float

    @property
    def label_y(self) -> int:
        return self.height - 22


def bar_chart(key: str, title: str, points: list[tuple[str, int | float | None]]) -> Chart:
    """Bars with their value written above and their label below (no colour needed)."""
    width, height, top, bottom = 640, 240, 24, 40
    slot = width / max(len(points), 1)
    biggest = max([v for _l, v in points if v] or [1])
    bars = []
    for i, (label, value) in enumerate(points):
        h = (height - top - bottom) * (value or 0) / biggest
        x = i * slot + slot * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(height - bottom - h, 1),
                width=round(slot * 0.7, 1),
                height=round(h, 1),
                label=label,
                value="–" if value is None else str(value),
                label_x=round(x + slot * 0.35, 1),
            )  # fmt: skip
        )
    return Chart(key, title, bars, width, height, height - bottom)

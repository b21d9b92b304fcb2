"""An indicator over time as an inline SVG line chart: no script, no external file.

x is the capture time of each figure (when newsmon saw it), y its value; one colour per
place, and a line joins the values given for one period over time (its revisions). Every point is labelled with the period the figure is about and its source, and
carries a ``<title>`` tooltip with the full facts. All text is escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 70, 30, 30, 40
COLORS = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#555555"]


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


def _scale(low: float, high: float, low_px: float, high_px: float):
    """A function mapping [low, high] onto [low_px, high_px] (the middle when flat)."""
    if high == low:
        return lambda v: (low_px + high_px) / 2
    return lambda v: low_px + (v - low) / (high - low) * (high_px - low_px)


def _domain(values: list[float]) -> tuple[float, float]:
    """The value range with a tenth of margin, so no point sits on the frame."""
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    return low - pad, high + pad


def number(value: float) -> str:
    """Vietnamese style: 1.234,5."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))


def chart(title: str, unit: str, points: list[dict]) -> str:
    """The SVG of one indicator; ``points`` have observed_at, value, place, period, source."""
    stamps = [_epoch(p["observed_at"]) for p in points]
    x = _scale(min(stamps), max(stamps), LEFT + 20, WIDTH - RIGHT - 20)
    low, high = _domain([p["value"] for p in points])
    y = _scale(low, high, HEIGHT - BOTTOM, TOP + 10)
    places = sorted({p["place"] or "" for p in points})
    body = [_axes(points, y, unit)]
    for index, place in enumerate(places):
        color = COLORS[index % len(COLORS)]
        for series in _by_period(p for p in points if (p["place"] or "") == place):
            body.append(_series(series, x, y, color))
    body.append(_legend(places))
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
            f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def _by_period(points) -> list[list[dict]]:
    """One series per period and status: a line joins only values of the same quantity
    (how the figure for 2025 was revised), never 2025 to 2026-H1."""
    series: dict[tuple, list[dict]] = {}
    for point in sorted(points, key=lambda p: p["observed_at"]):
        series.setdefault((point["period"], point.get("status")), []).append(point)
    return list(series.values())


def _axes(points: list[dict], y, unit: str) -> str:
    """Frame, the lowest and highest value, the unit, the first and last capture date."""
    low, high = min(p["value"] for p in points), max(p["value"] for p in points)
    stamps = sorted(p["observed_at"] for p in points)
    return (f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#999"/>'
            f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#999"/>'
            f'<text x="{LEFT - 6}" y="{y(high) + 4:.1f}" text-anchor="end" font-size="11">{escape(number(high))}</text>'
            f'<text x="{LEFT - 6}" y="{y(low) + 4:.1f}" text-anchor="end" font-size="11">{escape(number(low))}</text>'
            f'<text x="{LEFT}" y="{TOP - 12}" font-size="11" fill="#555">{escape(unit or "")}</text>'
            f'<text x="{LEFT}" y="{HEIGHT - 18}" font-size="11" fill="#555">{escape(stamps[0][:10])}</text>'
            f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 18}" text-anchor="end" font-size="11" fill="#555">'
            f'{escape(stamps[-1][:10])}</text>'
            f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 4}" text-anchor="middle" font-size="10" '
            f'fill="#777">thời điểm thu thập (capture time)</text>')


def _series(series: list[dict], x, y, color: str) -> str:
    coords = [(x(_epoch(p["observed_at"])), y(p["value"])) for p in series]
    line = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
    parts = [f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="1.5"/>'] if len(coords) > 1 else []
    for (cx, cy), p in zip(coords, series):
        label = f"{p['period'] or '?'} · {p['source']}"
        tip = (f"{number(p['value'])} {p['unit'] or ''} — {p['place'] or ''}, kỳ {p['period'] or '?'}, "
               f"nguồn {p['source']}, thu thập {p['observed_at']}")
        parts.append(
            f'<g class="point" data-period="{escape(p["period"] or "")}" data-source="{escape(p["source"] or "")}">'
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{color}"><title>{escape(tip)}</title></circle>'
            f'<text x="{cx:.1f}" y="{cy - 8:.1f}" text-anchor="{_anchor(cx)}" font-size="10">{escape(label)}</text></g>')
    return "".join(parts)


def _anchor(cx: float) -> str:
    """Labels near an edge grow inwards, so none is cut off."""
    return "end" if cx > WIDTH - RIGHT - 80 else "start" if cx < LEFT + 80 else "middle"


def _legend(places: list[str]) -> str:
    items = []
    for index, place in enumerate(places):
        x = WIDTH - RIGHT - 150 * (len(places) - index)
        items.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{COLORS[index % len(COLORS)]}"/>'
                     f'<text x="{x + 14}" y="15" font-size="11">{escape(place or "?")}</text>')
    return "".join(items)

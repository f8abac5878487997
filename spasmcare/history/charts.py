"""Server-drawn SVG charts: small, crisp on phones, readable in dark mode (colours come from
the page's CSS), each paired with a table of the same numbers."""

from datetime import date

WIDTH, HEIGHT = 340, 190
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 12, 28


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def pain_chart(points: list[dict]) -> dict | None:
    if not points:
        return None
    count = len(points)
    series = {}
    for name in ("pain_before", "pain_after"):
        coords = [
            (round(_x(i, count), 1), round(_y(p[name], 10), 1))
            for i, p in enumerate(points)
            if p[name] is not None
        ]
        series[name] = {
            "points": " ".join(f"{x},{y}" for x, y in coords),
            "dots": coords,
        }
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "grid": [{"y": round(_y(v, 10), 1), "label": v} for v in (0, 5, 10)],
        "before": series["pain_before"],
        "after": series["pain_after"],
        "first": points[0]["local_date"],
        "last": points[-1]["local_date"],
        "label_y": HEIGHT - 8,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "rows": points,
        "summary": _pain_summary(points),
    }


def _pain_summary(points: list[dict]) -> str:
    def first_last(name):
        values = [p[name] for p in points if p[name] is not None]
        return (values[0], values[-1]) if values else None

    parts = [f"{len(points)} session{'s' if len(points) != 1 else ''} with a pain score."]
    for name, label in (("pain_before", "Pain before"), ("pain_after", "Pain after")):
        fl = first_last(name)
        if fl:
            parts.append(f"{label} went from {fl[0]} to {fl[1]} out of 10.")
    return " ".join(parts)


def minutes_chart(weeks: list[tuple[date, int]]) -> dict:
    top = max([m for _, m in weeks] + [10])
    top = (top + 9) // 10 * 10
    slot = (WIDTH - LEFT - RIGHT) / len(weeks)
    bars = []
    for i, (week, minutes) in enumerate(weeks):
        y = _y(minutes, top)
        bars.append(
            {
                "x": round(LEFT + slot * i + slot * 0.15, 1),
                "y": round(y, 1),
                "width": round(slot * 0.7, 1),
                "height": round(HEIGHT - BOTTOM - y, 1),
                "week": week,
                "minutes": minutes,
                "label_x": round(LEFT + slot * i + slot / 2, 1),
                "show_label": i % 3 == 0,
            }
        )
    total = sum(m for _, m in weeks)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "grid": [{"y": round(_y(v, top), 1), "label": v} for v in (0, top // 2, top)],
        "label_y": HEIGHT - 8,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "summary": f"{total} minutes over the last {len(weeks)} weeks.",
    }

"""Server-drawn SVG charts: small, crisp on phones, readable in dark mode (colours come from
the page's CSS), each paired with a table of the same numbers.

Numbers and dates reach the template as finished text, marked safe (we made them, from numbers
and month names): a chart has a few hundred, and localizing, formatting and escaping each one in
the template was most of the history page's time.
"""

from datetime import date

from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from .progress import format_day

WIDTH, HEIGHT = 340, 190
LEFT, RIGHT, TOP, BOTTOM = 30, 10, 12, 28


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: float, top: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _number(value: float) -> SafeString:
    return SafeString(round(value, 1))


def _whole(value: int | None) -> SafeString:
    return SafeString("–" if value is None else value)


def _grid(top: int) -> list[dict]:
    """Three lines across the chart, at 0, half and the top, each labelled on the left."""
    return [{"y": _number(_y(v, top)), "label": _whole(v)} for v in (0, top // 2, top)]


def pain_chart(points: list[dict]) -> dict | None:
    if not points:
        return None
    count = len(points)
    series = {}
    for name in ("pain_before", "pain_after"):
        coords = [(_x(i, count), _y(p[name], 10)) for i, p in enumerate(points) if p[name] is not None]
        series[name] = {
            "points": " ".join(f"{round(x, 1)},{round(y, 1)}" for x, y in coords),
            "dots": [(_number(x), _number(y)) for x, y in coords],
            # 7 units wide, drawn from 3 units above and left of the point's whole coordinates.
            "squares": [(_whole(int(round(x, 1)) - 3), _whole(int(round(y, 1)) - 3)) for x, y in coords],
        }
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "grid": _grid(10),
        "before": series["pain_before"],
        "after": series["pain_after"],
        "first": format_day(points[0]["local_date"], "j M"),
        "last": format_day(points[-1]["local_date"], "j M"),
        "label_y": HEIGHT - 8,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "grid_label_x": LEFT - 4,
        "rows": [
            {
                "day": format_day(p["local_date"], "j M Y"),
                "before": _whole(p["pain_before"]),
                "after": _whole(p["pain_after"]),
            }
            for p in points
        ],
        "summary": _pain_summary(points),
    }


def _pain_summary(points: list[dict]) -> str:
    def first_last(name):
        values = [p[name] for p in points if p[name] is not None]
        return (values[0], values[-1]) if values else None

    count = len(points)
    parts = [
        ngettext("%(n)d session with a pain score.", "%(n)d sessions with a pain score.", count)
        % {"n": count}
    ]
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
                "x": _number(LEFT + slot * i + slot * 0.15),
                "y": _number(y),
                "width": _number(slot * 0.7),
                "height": _number(HEIGHT - BOTTOM - y),
                "label_x": _number(LEFT + slot * i + slot / 2),
                # Every third week is named under the bars; the table names them all.
                "label": format_day(week, "j M") if i % 3 == 0 else "",
                "week": format_day(week, "j M Y"),
                "minutes": _whole(minutes),
            }
        )
    total = sum(m for _, m in weeks)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "grid": _grid(top),
        "label_y": HEIGHT - 8,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "grid_label_x": LEFT - 4,
        "summary": ngettext(
            "%(minutes)d minute over the last %(weeks)d weeks.",
            "%(minutes)d minutes over the last %(weeks)d weeks.",
            total,
        )
        % {"minutes": total, "weeks": len(weeks)},
    }

"""Geometry for the server-rendered SVG charts (templates/reports/includes/*_chart.html).

A chart never stands alone: its table is beside it and carries every figure. Colour is never the
only signal: each line has its own dash and marker shape and is named at its end; each bar is
labelled with its series and value.
"""

WIDTH = 560
LEFT, RIGHT, TOP, BOTTOM = 40, 170, 16, 40
PLOT_HEIGHT = 240
# Text is 15 units high: roughly this wide per character, to leave room for labels.
CHARACTER_WIDTH = 8.2
# Line styles: dash pattern and marker shape, so that lines differ without colour.
LINE_STYLES = [
    {"name": "solid", "dash": "", "marker": "circle"},
    {"name": "dashed", "dash": "8 5", "marker": "square"},
    {"name": "dotted", "dash": "2 4", "marker": "triangle"},
    {"name": "dash-dot", "dash": "10 4 2 4", "marker": "diamond"},
]


def _nice_step(value):
    """The smallest of 1, 2, 5, 10, 20, 50 ... at least `value` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def line_chart(labels, series):
    """`series`: [(name, [Point ...])], one point per label. Exact points are joined by a line; a
    point known only as a range is a vertical bar, never joined (no line through guesses)."""
    highest = max((p.high for _, points in series for p in points), default=0)
    step_size = _nice_step(highest / 4)
    top = step_size * max(-(-highest // step_size), 1)
    count = len(labels)
    step = (WIDTH - LEFT - RIGHT) / max(count - 1, 1)

    def x(i):
        return round(LEFT + i * step, 1)

    def y(value):
        return round(TOP + PLOT_HEIGHT - PLOT_HEIGHT * value / top, 1)

    drawn = []
    for n, (name, points) in enumerate(series):
        runs, run, ranges, markers = [], [], [], []
        for i, point in enumerate(points):
            if point.exact:
                run.append(f"{x(i)},{y(point.low)}")
                markers.append({"x": x(i), "y": y(point.low)})
            else:
                if run:
                    runs.append(" ".join(run))
                run = []
                ranges.append({"x": x(i), "y1": y(point.low), "y2": y(point.high)})
        if run:
            runs.append(" ".join(run))
        last = points[-1] if points else None
        drawn.append(
            {
                "name": name,
                "style": LINE_STYLES[n % len(LINE_STYLES)],
                "index": n,
                "runs": runs,
                "ranges": ranges,
                "markers": markers,
                "end_label": {
                    "x": x(count - 1) + 10,
                    "y": y(last.high) + 5,
                    "text": f"{name}: {last.low}" + ("" if last.exact else f" to {last.high}"),
                }
                if last
                else None,
            }
        )
    _spread_end_labels([s["end_label"] for s in drawn if s["end_label"]])
    ticks = [{"y": y(value), "value": value} for value in range(0, top + 1, step_size)]
    every = max(1, -(-count // 6))  # at most six labels on the time axis, so none overlaps
    x_labels = [{"x": x(i), "text": label} for i, label in enumerate(labels) if (count - 1 - i) % every == 0]
    return {
        "width": WIDTH,
        "height": TOP + PLOT_HEIGHT + BOTTOM,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + PLOT_HEIGHT,
        "series": drawn,
        "ticks": ticks,
        "x_labels": x_labels,
        "axis_label_y": TOP + PLOT_HEIGHT + 32,
    }


def _spread_end_labels(labels, gap=18):
    """Move the labels at the lines' ends apart so none covers another."""
    labels.sort(key=lambda label: label["y"])
    for before, after in zip(labels, labels[1:], strict=False):
        if after["y"] - before["y"] < gap:
            after["y"] = before["y"] + gap


BAR_HEIGHT, BAR_GAP, GROUP_GAP = 18, 4, 16


def bar_chart(groups):
    """Grouped horizontal bars: `groups` are (label, [(series name, value, words)]); each bar is
    labelled with its series and its words, so nothing is said by colour alone."""
    largest = max((value or 0 for _, items in groups for _, value, _ in items), default=0)
    label_width = round(CHARACTER_WIDTH * max((len(label) for label, _ in groups), default=4)) + 12
    words_width = CHARACTER_WIDTH * max((len(f"{n}: {w}") for _, items in groups for n, _, w in items), default=10)
    room = max(WIDTH - label_width - words_width - 6, 60)
    y = TOP
    drawn = []
    for label, items in groups:
        group = {"label": label, "y": y + BAR_HEIGHT - 4, "bars": []}
        for i, (name, value, words) in enumerate(items):
            length = round(room * (value or 0) / largest, 1) if largest else 0
            group["bars"].append(
                {
                    "y": y,
                    "length": length,
                    "text_x": label_width + length + 6,
                    "text_y": y + BAR_HEIGHT - 4,
                    "words": f"{name}: {words}",
                    "style": i % 3,
                }
            )
            y += BAR_HEIGHT + BAR_GAP
        drawn.append(group)
        y += GROUP_GAP
    width = max(WIDTH, round(label_width + words_width + 66))
    return {"width": width, "height": max(y, TOP + BAR_HEIGHT), "label_width": label_width, "groups": drawn}


# The trends page's bars, from the tables in reports/trends.py.


def implementation_bars(rows):
    def words(window, row):
        said = f"{window['percent']}% ({window['surely']} of {row['tracked']})"
        if window["possibly"] > window["surely"]:
            said += f", up to {window['possibly']}"
        return said if window["final"] else f"{said} so far"

    return [
        (
            str(row["year"]),
            [
                (f"Within {w['years']} year{'s' if w['years'] > 1 else ''}", w["percent"], words(w, row))
                for w in row["windows"]
            ],
        )
        for row in rows
    ]


def time_to_close_bars(rows):
    def words(row):
        if row["median"] is None:
            return "no closure dated to the month or day"
        return f"{row['median']:.0f} days (quartiles {row['low_quartile']:.0f} to {row['high_quartile']:.0f})"

    return [(row["owner__name"] or "No owner recorded", [("Median", row["median"], words(row))]) for row in rows]


def timeliness_bars(rows):
    return [
        (
            str(row["year"]),
            [
                ("Within 8 weeks", row["within"], f"{row['within']} of {row['reports']}"),
                ("Over 8 weeks", row["over"], f"{row['over']} of {row['reports']}"),
            ],
        )
        for row in rows
    ]


def acceptance_bars(table):
    """{(owner id, name): {category: count}} as one bar per category for each owner."""
    return [
        (name or "No owner recorded", [(category.label, n, str(n)) for category, n in counts.items()])
        for (_, name), counts in table.items()
    ]

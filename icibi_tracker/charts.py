"""Numbers shaped for the simple bars drawn in table cells (the table carries the figures)."""


def with_percent(rows, key):
    """Each row (a dict) with `percent`: its `key` value as a share of the largest."""
    largest = max((row[key] for row in rows), default=0)
    return [{**row, "percent": round(100 * row[key] / largest) if largest else 0} for row in rows]


def shares(table):
    """{year: {category: count}} as rows with each category's count and share of the year's total."""
    rows = []
    for year, counts in table.items():
        total = sum(counts.values())
        cells = [
            {"category": category, "count": n, "percent": round(100 * n / total) if total else 0}
            for category, n in counts.items()
        ]
        rows.append({"year": year, "total": total, "cells": cells})
    return rows

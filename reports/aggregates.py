"""Database functions the reports need that Django does not give on both PostgreSQL and SQLite."""

from django.db.models import Aggregate, DateTimeField, FloatField, Func, IntegerField
from django.db.models.functions import Coalesce, Extract, Least


class Percentile(Aggregate):
    """A continuous percentile (0.5 is the median), computed in the database: PostgreSQL's
    percentile_cont, and on SQLite (no such function) the same sum done by Python's statistics."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction between 0 and 1.")
        super().__init__(expression, fraction=float(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, function="app_percentile", template="%(function)s(%(expressions)s, %(fraction)s)"
        )


class _SqlitePercentile:
    def __init__(self):
        self.values = []
        self.fraction = None

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return continuous_percentile(self.values, self.fraction)


def continuous_percentile(values, fraction):
    """What percentile_cont gives: interpolated between the two nearest values; None for none."""
    values = sorted(values)
    if not values:
        return None
    position = (len(values) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(values) - 1)
    return float(values[below] + (values[above] - values[below]) * (position - below))


def register_sqlite_percentile(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("app_percentile", 2, _SqlitePercentile)


class DaysBetween(Func):
    """Whole days from `start` to `end` (two dates), as an integer."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"({end_sql} - {start_sql})", (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)", (*end_params, *start_params)


class DatePart(Func):
    """A date's (or a moment's) year, month or day as an integer. PostgreSQL's EXTRACT gives a numeric,
    slow to add up and to group by over a million rows; date_part's double, cast to an integer, is not."""

    output_field = IntegerField()
    arity = 1

    def __init__(self, expression, kind, **extra):
        if kind not in ("year", "month", "day"):
            raise ValueError("A date part is a year, a month or a day.")
        super().__init__(expression, **extra)
        self.kind = kind

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(Extract(*self.source_expressions, self.kind))

    def as_postgresql(self, compiler, connection, **extra):
        expression = self.source_expressions[0]
        if isinstance(expression.output_field, DateTimeField):  # Django's EXTRACT reads it in London's time
            return self.as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(expression)
        return f"date_part('{self.kind}', {sql})::integer", params


class Earliest(Func):
    """The earlier of two dates, either of which may be missing: PostgreSQL's LEAST passes over a
    missing one. SQLite's gives nothing if either is missing, so there each stands in for the other,
    which names each date twice (and a subquery is run twice: PostgreSQL is spared that)."""

    function = "LEAST"
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        first, second = self.source_expressions
        return compiler.compile(Least(Coalesce(first, second), Coalesce(second, first)))

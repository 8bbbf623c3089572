import csv
import io
from urllib.parse import urlencode

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from icibi_tracker import charts as cell_charts
from icibi_tracker import clock, data_version
from inspections.models import Inspection
from recommendations import rules
from recommendations.choices import Category
from recommendations.models import Recommendation, Theme

from . import charts, spreadsheet, trends
from .board_pack import BoardPack, Scope
from .forms import BoardPackForm, TrendsForm

THEME_LISTED = 25
INSPECTIONS_LISTED = 50


@require_safe
def index(request):
    return render(request, "reports/index.html")


# Trends -------------------------------------------------------------------------------------------


def _every_trend(today):
    """Every trend table for every owner, by quarter and by month: each counts every recommendation, so
    it is worked out once per day and version of the data, both periods from one reading, and a page or
    CSV for one owner picks its line from it."""
    recommendations = Recommendation.objects.all()
    ends = {period: trends.period_ends(today, period) for period in trends.PERIODS_SHOWN}
    over_time = trends.OpenOverdueDisputed(recommendations, [end for each in ends.values() for end in each])
    # Only the inspections with a response (any recommendation categorised): Exists, not a join made distinct.
    categorised = recommendations.filter(inspection=OuterRef("pk"), category__gt="")
    inspections = Inspection.objects.filter(Exists(categorised)).newest_first()
    listed = list(inspections[:INSPECTIONS_LISTED])
    shared = {
        "implementation": trends.implementation_by_year(recommendations, today),
        "time_to_close": trends.time_to_close_by_owner(recommendations),
        "timeliness": trends.publication_timeliness_by_year(Inspection.objects.all()),
        "acceptance_by_owner": trends.acceptance_by(recommendations, "owner", "owner__name"),
        "acceptance_by_inspection": trends.acceptance_by(
            recommendations.filter(inspection__in=listed), "inspection", "inspection__slug"
        ),
        "listed_inspections": {i.slug: i for i in listed},
        "inspections_with_responses": inspections.count(),
    }
    by_period = {}
    for period, period_ends in ends.items():
        per_owner, total, notes = over_time.at(period_ends)
        by_period[period] = {
            "period": period,
            "ends": period_ends,
            "per_owner": per_owner,
            "total": total,
            "notes": notes,
            **shared,
        }
    return by_period


def every_trend(today, period):
    return data_version.cached(lambda: _every_trend(today), "trends", today)[period]


def _trend_choice(form):
    """The period and owner the form asks for; every owner by quarter where it is wrong."""
    data = form.cleaned_data if form.is_valid() else {}
    return data.get("period") or trends.QUARTER, data.get("owner")


def _trend_tables(form, today):
    """Every trend table, from the form's period and owner (or the defaults), with the owner's line shown."""
    period, owner = _trend_choice(form)
    tables = every_trend(today, period)
    shown = (
        next((s for s in tables["per_owner"] if owner and s.owner_id == owner.pk), None) if owner else tables["total"]
    )
    if shown is None:  # an owner with nothing tracked: a flat line at 0
        zero = [trends.Point(end, 0, 0) for end in tables["ends"]]
        shown = trends.Series(owner.pk, owner.name, *[zero] * len(trends.Series.KINDS))
    return {**tables, "owner": owner, "shown": shown}


TRENDS_BODY = "reports/includes/trends_body.html"


@require_safe
def trends_page(request):
    """The form, then the charts and tables, drawn once per day, period, owner and version of the data."""
    today = clock.today()
    form = TrendsForm(request.GET or None)
    period, owner = _trend_choice(form)
    body = data_version.cached(
        lambda: render_to_string(TRENDS_BODY, _trends_context(form, today)),
        "trends-page",
        today,
        period,
        owner and owner.pk,
    )
    latest = trends.period_ends(today, period)[-1]
    context = {"form": form, "period": period, "owner": owner, "latest": latest, "body": body}
    return render(request, "reports/trends.html", context)


def _trends_context(form, today):
    tables = _trend_tables(form, today)
    labels = [trends.period_label(end) for end in tables["ends"]]
    shown, owner = tables["shown"], tables["owner"]
    lines = [
        ("Open", shown.open),
        ("Overdue", shown.overdue),
        ("Disputed", shown.disputed),
        ("Closure claimed", shown.claimed),
    ]
    names = tables["listed_inspections"]
    return {
        "today": today,
        **tables,
        # The CSV links ask for what the page shows, so the drawn page is the same for every way of asking.
        "csv_query": urlencode({"period": tables["period"], **({"owner": owner.pk} if owner else {})}),
        "rows": list(zip(tables["ends"], shown.open, shown.overdue, shown.disputed, shown.claimed, strict=True)),
        "latest": tables["ends"][-1],
        "line_chart": charts.line_chart(labels, lines),
        "has_ranges": any(not p.exact for _, points in lines for p in points),
        "implementation_chart": charts.bar_chart(charts.implementation_bars(tables["implementation"])),
        "close_chart": charts.bar_chart(charts.time_to_close_bars(tables["time_to_close"])),
        "timeliness_chart": charts.bar_chart(charts.timeliness_bars(tables["timeliness"])),
        "acceptance_owner_rows": cell_charts.shares(
            {name or "No owner recorded": counts for (_, name), counts in tables["acceptance_by_owner"].items()}
        ),
        "acceptance_owner_chart": charts.bar_chart(charts.acceptance_bars(tables["acceptance_by_owner"])),
        "acceptance_inspection_rows": [
            {**row, "inspection": names[row["year"]]}
            for row in cell_charts.shares(
                {slug: counts for (_, slug), counts in tables["acceptance_by_inspection"].items()}
            )
        ],
        "inspections_listed": INSPECTIONS_LISTED,
        "categories": Category,
    }


def _csv_response(name, header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="icibi-{name}-{stamp}.csv"'
    return response


def _range(point):
    return [point.low, point.high]


def _over_time_rows(tables):
    for series in [tables["total"], *tables["per_owner"]]:
        name = series.owner or "No owner recorded"
        for end, opened, late, disputed, claimed in zip(
            tables["ends"], series.open, series.overdue, series.disputed, series.claimed, strict=True
        ):
            # Closure claimed is always exact: claims are dated to the second in the tracker.
            yield [end.isoformat(), name, *_range(opened), *_range(late), *_range(disputed), claimed.value]


TREND_CSVS = {
    "open-overdue-disputed": (
        [
            "period end",
            "owner",
            "open (at least)",
            "open (at most)",
            "overdue (at least)",
            "overdue (at most)",
            "disputed (at least)",
            "disputed (at most)",
            "closure claimed",
        ],
        _over_time_rows,
    ),
    "implementation": (
        ["year", "tracked recommendations", "disputed"]
        + [f"{k} within {y} years" for y in trends.WITHIN_YEARS for k in ("closed", "possibly closed", "final")],
        lambda t: (
            [r["year"], r["tracked"], r["disputed"]]
            + [v for w in r["windows"] for v in (w["surely"], w["possibly"], "yes" if w["final"] else "not yet")]
            for r in t["implementation"]
        ),
    ),
    "time-to-close": (
        [
            "owner",
            "closures",
            "measured",
            "dated to the month only",
            "not measured (year only)",
            "median days",
            "lower quartile",
            "upper quartile",
            "shortest",
            "longest",
        ],
        lambda t: (
            [
                r["owner__name"] or "No owner recorded",
                r["closed"],
                r["measured"],
                r["to_the_month"],
                r["not_measured"],
                r["median"],
                r["low_quartile"],
                r["high_quartile"],
                r["shortest"],
                r["longest"],
            ]
            for r in t["time_to_close"]
        ),
    ),
    "publication-timeliness": (
        ["year", "reports", "within 8 weeks", "over 8 weeks", "cannot tell", "date sent not known", "median days"],
        lambda t: (
            [r["year"], r["reports"], r["within"], r["over"], r["not_told"], r["not_known"], r["median_days"]]
            for r in t["timeliness"]
        ),
    ),
    "acceptance-by-owner": (
        ["owner", *[c.label for c in Category]],
        lambda t: (
            [name or "No owner recorded", *counts.values()] for (_, name), counts in t["acceptance_by_owner"].items()
        ),
    ),
}


@require_safe
def trends_csv(request, table):
    if table == "acceptance-by-inspection":
        return _acceptance_by_inspection_csv()
    if table not in TREND_CSVS:
        raise Http404("No such table.")
    header, rows = TREND_CSVS[table]
    tables = _trend_tables(TrendsForm(request.GET or None), clock.today())
    return _csv_response(f"trend-{table}", header, rows(tables))


def _acceptance_by_inspection_csv():
    table = trends.acceptance_by(Recommendation.objects.all(), "inspection__slug", "inspection__title")
    rows = ([slug, title, *counts.values()] for (slug, title), counts in sorted(table.items()))
    return _csv_response("acceptance-by-inspection", ["inspection", "title", *[c.label for c in Category]], rows)


# Themes --------------------------------------------------------------------------------------------


def themes_with_figures(today):
    """Each theme with its recommendations, open and overdue counts, the inspections it recurs in and
    the first year it was raised, and its first THEME_LISTED recommendations: two queries."""
    via = "recommendations__"
    open_q = rules.open_q(via)
    listed = Recommendation.objects.for_list().order_by("-inspection__published_on", "inspection", "number", "pk")
    return Theme.objects.annotate(
        recommendation_count=Count("recommendations", distinct=True),
        open_count=Count("recommendations", filter=open_q, distinct=True),
        overdue_count=Count(
            "recommendations", filter=open_q & Q(recommendations__next_due_date__lt=today), distinct=True
        ),
        inspection_count=Count("recommendations__inspection", distinct=True),
        first_published=Min(
            Coalesce("recommendations__inspection__published_on", "recommendations__inspection__response_published_on")
        ),
    ).prefetch_related(Prefetch("recommendations", queryset=listed[:THEME_LISTED], to_attr="listed"))


@require_safe
def themes(request):
    today = clock.today()
    return render(
        request, "reports/themes.html", {"themes": themes_with_figures(today), "today": today, "listed": THEME_LISTED}
    )


# Board pack --------------------------------------------------------------------------------------------


BOARD_PACK_BODY = "reports/includes/board_pack_body.html"


def pack_context(parameters, drawn=True):
    """The form (always bound: an empty one gives everyone's pack since a year ago) and its pack, or None.
    The pack reads nothing until asked. What the page and the PDF show of it (each list to ROWS_LISTED
    rows) is drawn once per day and version of the data, as HTML: `body`, unless not `drawn`."""
    form = BoardPackForm(parameters)
    context = {"form": form, "pack": None, "as_of": timezone.localtime()}
    if not form.is_valid():
        return context
    data = form.cleaned_data
    scope = Scope(data["owner"], data["business_area"], data["inspection"])
    pack = BoardPack(scope, clock.today(), data["since"])
    if not drawn:
        return {**context, "pack": pack}
    parts = (scope.owner and scope.owner.pk, scope.business_area, scope.inspection and scope.inspection.pk)
    body = data_version.cached(
        lambda: render_to_string(BOARD_PACK_BODY, {"pack": pack}), "board-pack", pack.today, pack.since, *parts
    )
    return {**context, "pack": pack, "body": body}


@require_safe
def board_pack(request):
    context = pack_context(request.GET)
    return render(request, "reports/board_pack.html", context, status=200 if context["pack"] else 400)


@require_safe
def board_pack_pdf(request):
    from weasyprint import HTML  # slow to import, and only the PDF needs it

    context = pack_context(request.GET)
    if context["pack"] is None:
        return render(request, "reports/board_pack.html", context, status=400)
    html = render_to_string("reports/board_pack_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_pack_file_name(context, "pdf")}"'
    return response


@require_safe
def board_pack_xlsx(request):
    context = pack_context(request.GET, drawn=False)
    if context["pack"] is None:
        return render(request, "reports/board_pack.html", context, status=400)
    content = spreadsheet.board_pack_workbook(context["pack"], context["as_of"])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_pack_file_name(context, "xlsx")}"'
    return response


def _pack_file_name(context, extension):
    return f"icibi-board-pack-{context['pack'].scope.file_slug}-{context['as_of']:%Y-%m-%d}.{extension}"

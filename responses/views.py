"""The pages of tracked items (the overview, due, overdue, their exports and calendars) and of a
recommendation with its responses and timeline."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from icibi_tracker import charts, clock, data_version
from icibi_tracker.paging import COUNT_LIMIT, BoundedPaginator, bounded_counts
from inspections.models import Inspection
from recommendations.choices import Category
from recommendations.exports import (
    CALENDAR_MONTHS,
    OVERDUE_LISTED,
    Overdue,
    calendar_lines,
    calendar_until,
    csv_lines,
    file_name,
)
from recommendations.forms import AsOfForm, CalendarFeedForm
from recommendations.models import CalendarFeed, Recommendation, year_before

from .filters import DueFilter
from .models import HomeOfficeResponse, with_responses
from .timeline import as_of, timeline

PAGE_SIZE = 50


def overview_figures(today):
    recommendations = Recommendation.objects.all()
    return {
        "figures": recommendations.headline_figures(today),
        "status_counts": recommendations.status_counts(),
        "by_owner": charts.with_percent(recommendations.overdue_by_owner(today), "overdue"),
        "by_year": charts.shares(recommendations.acceptance_by_year()),
        "at_risk": HomeOfficeResponse.objects.at_risk(today).values("recommendation").distinct().count(),
    }


def kept_overview_figures(today):
    """The figures count every recommendation: computed once per day and version of the data, so the
    front page costs the same at a million as at a thousand."""
    return data_version.cached(lambda: overview_figures(today), "overview", today)


def overview(request):
    today = clock.today()
    figures = kept_overview_figures(today)
    return render(
        request,
        "recommendations/overview.html",
        {
            **figures,
            "today": today,
            "categories": Category,
            "closed_link": f"?status=any&closed_after={year_before(today):%d/%m/%Y}",
            "inspections": Inspection.objects.with_counts().newest_first()[:5],
        },
    )


def overdue(request):
    today = clock.today()
    items = HomeOfficeResponse.objects.overdue(today).for_list().for_page().order_by("current_due_date", "pk")
    page = BoundedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "recommendations/overdue.html", {"today": today, "page": page, "count_limit": COUNT_LIMIT})


def _due_filter(parameters):
    queryset = (
        HomeOfficeResponse.objects.tracked().for_list().order_by(F("current_due_date").asc(nulls_last=True), "pk")
    )
    return DueFilter(parameters, queryset=queryset, today=clock.today())


def due(request):
    filterset = _due_filter(request.GET)
    items = filterset.items.with_at_risk(filterset.today).for_page()
    # The items and their recommendations, counted together; a search's in any order, not ranked first.
    counted = filterset.items.order_by() if filterset.searched else filterset.items
    matched, recommendation_count = bounded_counts(counted, "recommendation")
    paginator = BoundedPaginator(items, PAGE_SIZE, matched=matched, first_by=filterset.first_by)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "today": filterset.today,
        "default_sort": filterset.data.get("sort"),
        "recommendation_count": recommendation_count,
        "count_limit": COUNT_LIMIT,
    }
    return render(request, "recommendations/due.html", context)


def _link_for(request):
    return lambda item: request.build_absolute_uri(reverse("recommendations:detail", args=[item.recommendation_id]))


@require_safe
def due_export(request):
    filterset = _due_filter(request.GET)
    as_of = timezone.localtime()
    lines = csv_lines(filterset.items.iterator(chunk_size=2000), filterset.today, _link_for(request), as_of)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(filterset.file_slug, as_of, "csv")}"'
    return response


def _calendar(request, parameters, name=""):
    filterset = _due_filter(parameters)
    today = filterset.today
    items = filterset.items.for_calendar(today, calendar_until(parameters.get("months"), today))
    overdue_list, now = parameters.copy(), timezone.now()
    overdue_list.pop("months", None)
    overdue_list["overdue"] = "true"
    overdue = Overdue(
        *filterset.items.overdue_for_calendar(today, OVERDUE_LISTED),
        link=request.build_absolute_uri(f"{reverse('recommendations:due')}?{overdue_list.urlencode()}"),
    )
    lines = calendar_lines(
        items.iterator(chunk_size=2000),
        today,
        _link_for(request),
        name or f"ICIBI recommendations due: {filterset.in_words}",
        now,
        overdue,
    )
    response = StreamingHttpResponse(lines, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(filterset.file_slug, now, "ics")}"'
    return response


@require_safe
def due_calendar(request):
    return _calendar(request, request.GET)


@require_safe
@login_not_required
def due_calendar_feed(request, secret):
    """A saved calendar for a calendar app, which cannot sign in: the secret address is the key."""
    feed = CalendarFeed.objects.at(secret)
    if feed is None or not feed.user.has_perm("recommendations.view_recommendation"):
        raise Http404("No calendar at this address.")
    return _calendar(request, feed.parameters(request.GET), feed.name)


def calendar_subscription(request):
    """Save the due list's current filter as a calendar; list the person's calendars and their addresses."""
    filterset = _due_filter(request.GET)
    form = CalendarFeedForm(request.POST if request.method == "POST" else None, filterset=filterset, user=request.user)
    if form.is_valid():
        feed = form.save()
        messages.success(request, f"Your calendar “{feed.title}” is saved. Copy its address into your calendar app.")
        return redirect(f"{reverse('recommendations:calendar-subscription')}?{request.GET.urlencode()}#feed-{feed.pk}")
    feeds = [
        (feed, request.build_absolute_uri(reverse("recommendations:due-calendar-feed", args=[feed.token])))
        for feed in CalendarFeed.objects.of(request.user)
    ]
    context = {"filter": filterset, "form": form, "feeds": feeds, "months": CALENDAR_MONTHS}
    return render(request, "recommendations/calendar_subscription.html", context)


@require_POST
def revoke_calendar_feed(request, feed_id):
    """Revoke one of the person's own calendars: its address stops working; another person's is not found."""
    feed = get_object_or_404(CalendarFeed.objects.of(request.user), pk=feed_id)
    feed.delete()
    messages.success(request, f"Your calendar “{feed.title}” is revoked: its address no longer works.")
    return redirect(f"{reverse('recommendations:calendar-subscription')}?{request.GET.urlencode()}")


def detail(request, pk):
    as_of_form = AsOfForm(request.GET if "as_of" in request.GET else None)
    if as_of_form.is_valid():
        return detail_as_of(request, pk, as_of_form.cleaned_data["as_of"])
    recommendation = get_object_or_404(with_responses(Recommendation.objects.for_detail()), pk=pk)
    return render(
        request,
        "recommendations/detail.html",
        {
            "today": clock.today(),
            "recommendation": recommendation,
            "chain": recommendation.restatement_chain(),
            "timeline": timeline(recommendation),
            "may_edit": request.user.has_perm("recommendations.change_recommendation") and request.user.is_staff,
            "form": as_of_form,
        },
    )


def detail_as_of(request, pk, day):
    recommendation = get_object_or_404(Recommendation.objects.for_list(), pk=pk)
    end_of_day = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))
    context = {
        "recommendation": recommendation,
        "day": day,
        "snapshot": as_of(recommendation, end_of_day),
        "first_recorded": recommendation.history.order_by("history_date").values_list("history_date", flat=True)[:1],
    }
    return render(request, "recommendations/detail_as_of.html", context)


def inspection_detail(request, slug):
    inspections = with_responses(Recommendation.objects.for_detail()).within(Inspection.objects.all(), "listed")
    inspection = get_object_or_404(inspections, slug=slug)
    return render(request, "inspections/detail.html", {"inspection": inspection, "today": clock.today()})

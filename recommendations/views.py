from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import render

from icibi_tracker import charts, clock, data_version
from inspections.models import Inspection

from .choices import Category
from .models import Recommendation, RestatementChain, year_before

PAGE_SIZE = 50
CHAINS_PER_PAGE = 25
INSPECTIONS_PER_PAGE = 20


# The overview's figures count every recommendation: computed once per day and version of the data
# (icibi_tracker/data_version.py), so the front page costs the same at a million as at a thousand.
OVERVIEW_SECONDS = 24 * 60 * 60


def overview_figures(today):
    recommendations = Recommendation.objects.all()
    return {
        "figures": recommendations.headline_figures(today),
        "status_counts": recommendations.status_counts(),
        "by_owner": charts.with_percent(recommendations.overdue_by_owner(today), "overdue"),
        "by_year": charts.shares(recommendations.acceptance_by_year()),
    }


def overview(request):
    today = clock.today()
    figures = cache.get_or_set(data_version.key("overview", today), lambda: overview_figures(today), OVERVIEW_SECONDS)
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


def restated(request):
    id_chains, letters = Recommendation.objects.restatement_id_chains()
    page = Paginator(id_chains, CHAINS_PER_PAGE).get_page(request.GET.get("page"))
    today = clock.today()
    chains = [RestatementChain(links, today) for links in Recommendation.objects.linked(page.object_list, letters)]
    return render(request, "recommendations/restated.html", {"chains": chains, "page": page})


def awaiting_response(request):
    today = clock.today()
    page = Paginator(Recommendation.objects.inspections_awaiting_response(), INSPECTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "recommendations/awaiting_response.html", {"today": today, "page": page})

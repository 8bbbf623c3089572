from django.core.paginator import Paginator
from django.shortcuts import render

from icibi_tracker import clock

from .models import Recommendation, RestatementChain

PAGE_SIZE = 50
CHAINS_PER_PAGE = 25
INSPECTIONS_PER_PAGE = 20


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

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from icibi_tracker import clock

from .models import Inspection

PAGE_SIZE = 50


def inspection_list(request):
    inspections = Inspection.objects.with_counts().newest_first()
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/list.html", {"page": page})


def inspection_detail(request, slug):
    inspection = get_object_or_404(Inspection.objects.for_detail(), slug=slug)
    return render(request, "inspections/detail.html", {"inspection": inspection, "today": clock.today()})

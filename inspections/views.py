from django.core.paginator import Paginator
from django.shortcuts import render

from .models import Inspection

PAGE_SIZE = 50


def inspection_list(request):
    inspections = Inspection.objects.with_counts().newest_first()
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/list.html", {"page": page})

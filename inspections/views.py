from django.shortcuts import render

from .models import Inspection


def inspection_list(request):
    inspections = Inspection.objects.with_counts().newest_first()
    return render(request, "inspections/list.html", {"inspections": inspections})

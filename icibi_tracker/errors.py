from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old tab, or cookies blocked): a GOV.UK page, not Django's."""
    return render(request, "403_csrf.html", status=403)

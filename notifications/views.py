from django.contrib import messages
from django.shortcuts import redirect, render

from .forms import EmailSettingsForm
from .models import EmailSettings


def email_settings(request):
    """Your email settings: how often a summary comes, and which reminders."""
    form = EmailSettingsForm(
        request.POST if request.method == "POST" else None, instance=EmailSettings.of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})

from django import forms

from .models import EmailSettings


class EmailSettingsForm(forms.ModelForm):
    class Meta:
        model = EmailSettings
        fields = ["digest", "due_reminders", "overdue_reminders", "round_reminders", "returned_reminders"]
        widgets = {"digest": forms.RadioSelect}
        error_messages = {
            "digest": {
                "required": "Choose how often you want a summary email, or off",
                "invalid_choice": "Choose weekly, daily or off",
            }
        }

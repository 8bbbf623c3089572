import datetime

from django import forms

from icibi_tracker import clock


class AsOfForm(forms.Form):
    """The date to see a recommendation as it stood at the end of."""

    as_of = forms.DateField(
        label="See this record as it stood on",
        help_text="For example, 1/4/2025",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter a real date as day/month/year, for example 1/4/2025"},
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day > clock.today():
            raise forms.ValidationError("The date must be today or in the past")
        if day < datetime.date(2000, 1, 1):
            raise forms.ValidationError("The date must be 1/1/2000 or later")
        return day

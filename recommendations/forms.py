import datetime

from django import forms

from icibi_tracker import clock

from .models import Owner


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


class AssignOwnerForm(forms.Form):
    """The owner to give the recommendations chosen on the admin's list."""

    owner = forms.ModelChoiceField(
        queryset=Owner.objects.all(),
        empty_label="Choose an owner",
        help_text="The accountable Home Office directorate or team, as a document names it. "
        "Add an owner first if it is not in the list.",
        error_messages={"required": "Choose the owner to assign"},
    )

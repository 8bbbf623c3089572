import datetime

from django import forms
from django.http import QueryDict
from django.utils.text import Truncator

from icibi_tracker import clock

from .exports import ALL_MONTHS, CALENDAR_MONTHS
from .models import FEEDS_PER_PERSON, CalendarFeed, Owner


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


class Radios(forms.RadioSelect):
    """Radios whose field points at its first radio, where the error summary's link leads (GOV.UK)."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class CalendarFeedForm(forms.Form):
    """Save the due list's current filter as a calendar with a secret address of its own."""

    name = forms.CharField(
        label="Name (optional)",
        required=False,
        max_length=100,
        help_text="Leave it empty to name the calendar after its filter",
        error_messages={"max_length": "Enter a name of 100 characters or fewer"},
    )
    months = forms.ChoiceField(
        label="Which due dates should it show?",
        choices=[
            (
                str(CALENDAR_MONTHS),
                f"Overdue items on today's date, and those due in the next {CALENDAR_MONTHS} months",
            ),
            (ALL_MONTHS, "Every due date, past and future (overdue items still on today's date)"),
        ],
        initial=str(CALENDAR_MONTHS),
        widget=Radios,
        error_messages={
            "required": "Select which due dates the calendar shows",
            "invalid_choice": "Select which due dates the calendar shows",
        },
    )

    def __init__(self, *args, filterset, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filterset, self.user = filterset, user

    def clean(self):
        if not self.filterset.is_valid():
            raise forms.ValidationError(
                "The filter has a problem. Go back to the due dates, correct it, then save it as a calendar."
            )
        if CalendarFeed.objects.of(self.user).count() >= FEEDS_PER_PERSON:
            raise forms.ValidationError(
                f"You have {FEEDS_PER_PERSON} calendars, the most one person can have. Revoke one you no longer use."
            )
        query = QueryDict(mutable=True)
        for key, values in self.filterset.data.lists():
            if key not in ("page", "months") and any(values):
                query.setlist(key, values)
        query["months"] = self.cleaned_data.get("months", "")
        self.cleaned_data["query"] = query.urlencode()
        if len(self.cleaned_data["query"]) > CalendarFeed._meta.get_field("query").max_length:
            raise forms.ValidationError("The filter is too long to save. Search for fewer words.")
        return self.cleaned_data

    def save(self):
        description = Truncator(self.filterset.in_words).chars(CalendarFeed._meta.get_field("description").max_length)
        return CalendarFeed.issue(
            self.user, name=self.cleaned_data["name"].strip(), query=self.cleaned_data["query"], description=description
        )


class AssignOwnerForm(forms.Form):
    """The owner to give the recommendations chosen on the admin's list."""

    owner = forms.ModelChoiceField(
        queryset=Owner.objects.all(),
        empty_label="Choose an owner",
        help_text="The accountable Home Office directorate or team, as a document names it. "
        "Add an owner first if it is not in the list.",
        error_messages={"required": "Choose the owner to assign"},
    )

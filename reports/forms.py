import datetime

from django import forms

from icibi_tracker import clock
from inspections.models import Inspection
from recommendations.models import Owner, year_before

from .trends import MONTH, QUARTER

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, owner):
        return owner.name


def owner_field():
    """Every report's owner filter: all owners, or one."""
    return OwnerChoice(
        label="Owner",
        queryset=Owner.objects.all(),
        required=False,
        empty_label="All owners",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )


class TrendsForm(forms.Form):
    period = forms.ChoiceField(
        label="Count at the end of each",
        choices=[(QUARTER, "Quarter (the last five years)"), (MONTH, "Month (the last two years)")],
        required=False,
        error_messages={"invalid_choice": "Select quarter or month"},
    )
    owner = owner_field()

    def clean_period(self):
        return self.cleaned_data["period"] or QUARTER


class BoardPackForm(forms.Form):
    """Whose board pack: everyone's, or one owner's, business area's or inspection's."""

    owner = owner_field()
    business_area = forms.ChoiceField(
        label="Business area", required=False, error_messages={"invalid_choice": "Select a business area from the list"}
    )
    inspection = forms.SlugField(
        label="Inspection (optional)",
        required=False,
        help_text="The short name in the inspection's web address, for example clandestine-entrants-2024",
        error_messages={"invalid": "Enter the inspection's short name: letters, numbers and hyphens only"},
    )
    since = forms.DateField(
        label="Extensions and closures since",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 1/4/2026. Leave it empty for the last 12 months",
        error_messages={"invalid": "Enter a real date as day/month/year, for example 1/4/2026"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Inspection.objects.business_areas()
        self.fields["business_area"].choices = [("", "All business areas")] + [(area, area) for area in areas]

    def clean_inspection(self):
        slug = self.cleaned_data["inspection"]
        if not slug:
            return None
        inspection = Inspection.objects.filter(slug=slug).first()
        if inspection is None:
            raise forms.ValidationError("There is no inspection with the short name %(slug)s", params={"slug": slug})
        return inspection

    def clean_since(self):
        today = clock.today()
        day = self.cleaned_data["since"] or year_before(today)
        if day > today:
            raise forms.ValidationError("The date must be today or in the past")
        if day < datetime.date(2000, 1, 1):
            raise forms.ValidationError("The date must be 1/1/2000 or later")
        return day

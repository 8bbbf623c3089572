import re

from django import forms
from django.core.exceptions import ValidationError

from recommendations.models import Owner, Theme

from .importing import ImportRefused
from .models import due_date_disagreement
from .sources import read_source


class DueDateCheck(forms.ModelForm):
    """A typed due date that contradicts its own target as written is refused until the person confirms it."""

    target_fields = ("target_text", "due_date")
    keep_due_date = forms.BooleanField(
        label="Keep this due date, although the target as written reads differently",
        required=False,
    )

    def _post_clean(self):
        # After the model's own checks, so a date it refuses (31/12/9999) gets that message instead.
        super()._post_clean()
        text_field, date_field = self.target_fields
        # Only a date the person typed now: an untouched date is re-read from a changed text on save.
        typed = date_field in self.changed_data and date_field not in self.errors
        if typed and not self.cleaned_data.get("keep_due_date"):
            cleaned = self.cleaned_data
            problem = due_date_disagreement(cleaned.get(text_field) or "", cleaned.get(date_field))
            if problem:
                self.add_error(date_field, problem)


class ImportForm(forms.Form):
    """Paste the published text, upload it, or give its GOV.UK address; exactly one of them."""

    text = forms.CharField(
        label="Paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="The whole Home Office response, or the report's recommendations section, as published.",
    )
    file = forms.FileField(
        label="Or upload it",
        required=False,
        help_text="A PDF of at most 20 MB (an ICIBI report as published), or a .txt or .html file of at most 2 MB.",
    )
    address = forms.CharField(
        label="Or give its GOV.UK address",
        required=False,
        max_length=2000,
        help_text="For example https://www.gov.uk/government/publications/… The tracker fetches the page or file.",
    )
    owner = forms.ModelChoiceField(
        Owner.objects.order_by("name"),
        label="Owner",
        required=False,
        empty_label="Not named in the document",
        help_text="The Home Office team accountable for these recommendations, if you know it: "
        "given to each one that has no owner recorded.",
    )
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.order_by("name"),
        label="Themes",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Given to every recommendation the import writes, beside the themes it has; "
        "tag one recommendation at a time on its own admin page.",
    )
    source = forms.CharField(
        label="Which document is it",
        required=False,
        max_length=250,
        help_text="For example “Home Office response, 25 June 2026”. Leave empty to use the document’s title. "
        "Extensions the document gives are recorded with this as their source.",
    )

    def clean(self):
        data = self.cleaned_data
        try:
            data["document"] = read_source(upload=data.get("file"), url=data.get("address"), text=data.get("text"))
        except ImportRefused as refusal:
            raise ValidationError(str(refusal)) from refusal
        return data


# The preview's correction boxes: "category-2a", "target-2a".
_CORRECTION_RE = re.compile(r"^(?P<field>category|target)-(?P<reference>[0-9]{1,4}[a-z]?)$")


def read_corrections(data):
    """{reference: {"category": …, "target_text": …}} from the preview's boxes (see importing.correct)."""
    corrections = {}
    for key in data:
        match = _CORRECTION_RE.match(key)
        if match:
            name = "category" if match["field"] == "category" else "target_text"
            corrections.setdefault(match["reference"], {})[name] = data.get(key, "")[:300]
    return corrections

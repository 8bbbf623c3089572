"""What every data-entry page of the admin shares: read-only audit history,
forms that refuse to save over someone else's newer change, and date boxes
that read dates as people write them."""

import datetime

from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.decorators import method_decorator
from simple_history.admin import SimpleHistoryAdmin

from .accounts import AdminSignInForm, slowed_down_answers_429
from .audit import StaleEdit, changes_since
from .dates import FactPrecision, end_of_period, fact_precision_companion, read_date

admin.site.site_header = "ICIBI recommendation tracker: data entry"
admin.site.site_title = "ICIBI recommendation tracker"
admin.site.index_title = "Inspections, recommendations and responses"
# The lists have many columns; the page needs the width more than a second menu.
admin.site.enable_nav_sidebar = False
# The admin's sign-in is slowed down like the tracker's own, or it would be the way round it.
admin.site.login_form = AdminSignInForm
admin.site.login = slowed_down_answers_429(admin.site.login)


MONTH_SHOWN = "%B %Y"


class EntryDateField(forms.DateField):
    """A date typed as people write it ("21/2/2023", "21 February 2023"); where the fact may be
    known only to the month, a month alone ("May 2022").

    `month_day` picks the day a month alone stands for (end_of_period or start_of_period), the day
    the model keeps, so an untouched month reads as unchanged; `precision_field` names the form's
    precision field that a month alone sets (see EntryDatesForm).
    """

    def __init__(self, *, month_day=None, precision_field=None, **kwargs):
        self.month_day, self.precision_field = month_day, precision_field
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Enter a date like 21/2/2023" + (
            " or a month like May 2022" if month_day else ""
        )

    def widget_attrs(self, widget):
        # Wide enough for "21 September 2023" (the admin's date box holds 10 characters).
        return {**super().widget_attrs(widget), "size": "18"}

    def read(self, value):
        """(date, precision) as typed, or None."""
        return read_date(value, months=self.month_day is not None)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        read = self.read(value)
        if read is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        date, precision = read
        return self.month_day(date, precision) if precision == FactPrecision.MONTH else date


class EntryDatesForm(forms.ModelForm):
    """Shows a date known only to the month as the month, and lets a month typed alone set the
    month precision: a person who types "May 2022" has said the day is not known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, EntryDateField) and field.month_day:
                # A date with no precision field of its own (fieldwork) is always known to the month.
                known = getattr(self.instance, field.precision_field) if field.precision_field else FactPrecision.MONTH
                if known == FactPrecision.MONTH:
                    field.widget.format = MONTH_SHOWN

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            precision_field = getattr(field, "precision_field", None)
            if not precision_field or cleaned.get(precision_field) != FactPrecision.DAY or not cleaned.get(name):
                continue
            read = field.read(self[name].data)
            if read and read[1] == FactPrecision.MONTH:
                cleaned[precision_field] = FactPrecision.MONTH  # never a made-up day
        return cleaned


class EntryDatesAdmin:
    """For a ModelAdmin or inline: every date box is an EntryDateField. `month_fields` names the
    dates always known to the month only (fieldwork), with the day the model keeps for them."""

    month_fields = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if type(db_field) is models.DateField and db_field.editable:
            precision_field = fact_precision_companion(db_field.model, db_field.name)
            kwargs["form_class"] = EntryDateField
            kwargs["precision_field"] = precision_field
            kwargs["month_day"] = self.month_fields.get(db_field.name) or (end_of_period if precision_field else None)
            if kwargs["month_day"]:
                kwargs["help_text"] = " ".join(
                    filter(None, [db_field.help_text, "A month alone, like May 2022, is enough."])
                )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def stale_message(instance, changes):
    said = "; ".join(
        f"{entry.by}, {entry.when}: "
        + (", ".join(f"{c.label} from {c.before} to {c.after}" for c in entry.changes) or entry.kind)
        for entry in changes
    )
    return (
        f"Someone else saved {instance} after you opened it, so your changes have not been saved. "
        "Check the values on this page: if you save again, your values replace theirs. "
        f"What they changed: {said or 'no details recorded'}"
    )


class VersionedModelForm(EntryDatesForm):
    """Carries the version the person started from, and refuses the save if it is no longer current."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # Browsers send text boxes' line breaks as \r\n: read them as the \n already stored,
            # or every save would rewrite untouched text and record a change nobody made.
            data = self.data.copy()
            for key in data:
                data.setlist(key, [v.replace("\r\n", "\n") if isinstance(v, str) else v for v in data.getlist(key)])
            self.data = data
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("version")
        if not self.instance.pk:
            cleaned["version"] = self.instance.version  # a new record starts at its default
            return cleaned
        edited = [name for name in self.changed_data if name != "version"]
        # The instance was read from the database for this request, so it holds the current version.
        if seen is not None and seen != self.instance.version:
            if not edited:
                # Nothing of theirs is in what this person sends: nothing to overwrite.
                cleaned["version"] = self.instance.version
                return cleaned
            message = stale_message(self.instance, changes_since(self.instance, seen))
            # Their values stay on the page; saving them again is now a choice made knowingly.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = self.instance.version
            raise ValidationError(message, code="stale")
        return cleaned


def with_version(fieldsets):
    """The fieldsets with the hidden version in the first: a field left out of them is never sent."""
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]


class EntryInline(EntryDatesAdmin):
    """An inline whose date boxes read dates as people write them."""

    form = EntryDatesForm


class VersionedInline(EntryInline):
    """An inline whose rows refuse to save over a newer change."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        return with_version(super().get_fieldsets(request, obj))


class ReadOnlyAdmin:
    """Rows the tracker keeps itself (the extension ledger, the email log): listed and read here,
    never added, changed or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(EntryDatesAdmin, SimpleHistoryAdmin):
    """An admin page with a link to the record's history, which nobody can revert or edit."""

    # django-simple-history's history list has one inline style ("border-top: 0"): allow exactly that one.
    @method_decorator(
        csp_update({"style-src": ["'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"]})
    )
    def history_view(self, request, *args, **kwargs):
        return super().history_view(request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        # SIMPLE_HISTORY_REVERT_DISABLED only hides the button: the view still saves a POST.
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().history_form_view(request, *args, **kwargs)


class HistoryAdmin(AuditedAdmin):
    """An audited admin page whose saves never overwrite a newer change."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        return with_version(super().get_fieldsets(request, obj))

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except StaleEdit:
            # Two saves in the same instant: the form check passed for both, the database let one through.
            messages.error(request, "Someone else saved this record at the same moment: nothing of yours was saved.")
            return HttpResponseRedirect(request.get_full_path())

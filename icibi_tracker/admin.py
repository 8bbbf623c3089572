"""What every data-entry page of the admin shares: read-only audit history,
and forms that refuse to save over someone else's newer change."""

from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.decorators import method_decorator
from simple_history.admin import SimpleHistoryAdmin

from .audit import StaleEdit, changes_since


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


class VersionedModelForm(forms.ModelForm):
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


class VersionedInline:
    """An inline whose rows refuse to save over a newer change."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        return with_version(super().get_fieldsets(request, obj))


class AuditedAdmin(SimpleHistoryAdmin):
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

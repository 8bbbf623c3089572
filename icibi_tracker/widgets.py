"""Admin widgets that re-draw a refused form whatever was typed into it."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField


class _ValidKeysOnly:
    """Look up only the submitted values that can be keys of the related model.

    Django's autocomplete widget filters the related table by every submitted
    value, so "abc" for a numeric key raises while the form, already refused
    with a field error, is drawn again: a 500 instead of the error.
    """

    def optgroups(self, name, value, attr=None):
        remote_opts = self.field.remote_field.model._meta
        key = remote_opts.get_field(getattr(self.field.remote_field, "field_name", remote_opts.pk.attname))
        return super().optgroups(name, [v for v in value if as_key(key, v) is not None], attr)


def as_key(key_field, value):
    """`value` as a value of `key_field`, or None where it cannot be one ("abc", a number too large)."""
    try:
        python_value = key_field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None
    # Keys are 64-bit integers: SQLite refuses to compare with a larger one.
    if isinstance(python_value, int) and not -(2**63) <= python_value < 2**63:
        return None
    return python_value


class SafeAutocompleteSelect(_ValidKeysOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidKeysOnly, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(ModelMultipleChoiceField):
    """A number too large for a key is a choice that does not exist, not a server error (SQLite overflows)."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            ) from None


class SafeAutocompleteAdmin:
    """For a ModelAdmin or inline: its autocomplete_fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

"""Fill Django admin forms as a browser would: every field's current value,
every inline's management form, the defaults of any form a person adds,
then the changes a person types."""

from django.urls import reverse


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _add(data, form, prefix=None):
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if prefix is not None:
            key = key.replace("__prefix__", prefix)
        if value is None or value is False:
            continue
        data[key] = "on" if value is True else value


def post(client, url, changes, **extra):
    return client.post(url, filled(client, url, changes), **extra)


def filled(client, url, changes):
    """The form's data as a person would send it after opening the page now and typing `changes`."""
    page = client.get(url)
    data = {}
    _add(data, page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        _add(data, formset.management_form)
        for form in formset.forms:
            _add(data, form)
        # Forms the person adds start with the empty form's defaults.
        wanted = int(changes.get(f"{formset.prefix}-TOTAL_FORMS", len(formset.forms)))
        for index in range(len(formset.forms), wanted):
            _add(data, formset.empty_form, prefix=str(index))
    data.update(changes)
    return data

from django import template

from icibi_tracker.dates import describe

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed, so links keep the filter."""
    query = context["request"].GET.copy()
    for name, value in changes.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = value
    return f"?{query.urlencode()}" if query else "?"


@register.filter
def when(date, precision="day"):
    """A date no more exact than it is known: "June 2026", "25 March 2025"."""
    return describe(date, precision)


@register.filter
def web_link(url):
    """Only http(s) addresses become links: a fixture or import could hold any text."""
    return url if url.lower().startswith(("https://", "http://")) else ""


@register.filter
def days_overdue(item, today):
    return item.days_overdue(today)


@register.filter
def days_overdue_original(item, today):
    return item.days_overdue(today, against_original=True) or 0


@register.inclusion_tag("includes/sort_header.html", takes_context=True)
def sort_header(context, label, key):
    """A column header that sorts by `key`, and the other way round when already sorted by it."""
    current = context["request"].GET.get("sort") or context.get("default_sort", "")
    direction = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
    return {
        "label": label,
        "direction": direction,
        "href": query_with(context, sort=f"-{key}" if current == key else key, page=None),
    }


@register.filter
def days_since_publication(inspection, today):
    return inspection.days_since_publication(today)


@register.filter
def is_overdue(recommendation, today):
    return recommendation.is_overdue(today)


@register.filter
def single_value(value):
    """A field's value as one item: the sort field holds a list of one."""
    return value[0] if isinstance(value, list | tuple) and value else value


@register.filter
def choice_label(value, choices):
    """The label of `value` among `choices` ((value, label) pairs); empty for none."""
    return dict(choices).get(value, "") if value else ""

"""Who changed what, when: the audit history (django-simple-history) and the
version that keeps two people's edits from silently overwriting each other."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F
from django.utils import timezone
from simple_history.models import registered_models
from simple_history.utils import get_history_manager_for_model

from .dates import Precision, describe

# Never worth showing as a change: bookkeeping, and values the tracker derives
# and records as changes of their own.
NOT_SHOWN = {"id", "version", "current_target_text", "current_due_date", "current_due_precision", "recorded_at"}


class StaleEdit(Exception):
    """Someone saved the record after this copy of it was read."""


class Versioned(models.Model):
    """A record with a version number that every edit raises by one.

    Saving a copy whose version is no longer the stored one is refused, so a
    second editor cannot overwrite the first without seeing their change.
    Writes of derived fields only (DERIVED_FIELDS) keep the version: they are
    the tracker's own bookkeeping, not someone's edit.
    """

    DERIVED_FIELDS = frozenset()

    # Editable so that a form hands the version the person started from to save(), which checks it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        derived_only = update_fields is not None and set(update_fields) <= self.DERIVED_FIELDS
        if not self._state.adding and not derived_only:
            # Compare and raise in one statement, so no edit can slip between.
            raised = type(self)._base_manager.filter(pk=self.pk, version=self.version).update(version=F("version") + 1)
            if not raised:
                raise StaleEdit(f"{self} was changed by someone else after this copy was read.")
            self.version += 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


@dataclass
class Change:
    label: str
    before: str
    after: str

    @property
    def sentence(self):
        """The change as a sentence: set, cleared or changed, never "changed from nothing"."""
        if self.before == NOTHING:
            said = f"{self.label} set to {self.after}"
        elif self.after == NOTHING:
            said = f"{self.label} cleared (it was {self.before})"
        else:
            said = f"{self.label} changed from {self.before} to {self.after}"
        return said if said.endswith((".", "…", "?", "!")) else f"{said}."


@dataclass
class Entry:
    """One saved change to one record, as people read it."""

    at: datetime.datetime
    by: str
    record: str
    kind: str  # "added", "changed" or "deleted"
    changes: list = field(default_factory=list)
    reason: str = ""

    @property
    def when(self):
        return moment_in_words(self.at)

    @property
    def title(self):
        return f"{self.record} {self.kind} by {self.by}"


def moment_in_words(at):
    """ "25 March 2026 at 14:05", in London time."""
    local = timezone.localtime(at)
    return f"{describe(local.date(), Precision.DAY)} at {local:%H:%M}"


def person(user):
    if user is None:
        return "the tracker"
    return user.get_full_name() or user.get_username()


NOTHING = "nothing"


def _shown(model_field, value, names):
    if value is None or value == "":
        return NOTHING
    if model_field.is_relation:
        return names.get((model_field.related_model, value), "a deleted record")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return describe(value, Precision.DAY)
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"


def _tracked(record):
    """The record's own fields that its history keeps (a model may leave some out of it)."""
    kept = {f.attname for f in record._meta.concrete_fields}
    return [f for f in record.instance_type._meta.concrete_fields if f.name not in NOT_SHOWN and f.attname in kept]


def entries(records, name_of, ignore=()):
    """Entries for historical rows, oldest first; `name_of(row)` names the record ("Response to 2a").

    Rows of one model are compared with the previous row of the same record, leaving out the
    fields named in `ignore`; a row that changed only those is left out.
    Related records are named with one query per related model.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous, pending = {}, []
    for row in records:
        before = previous.get(row.id)
        previous[row.id] = row
        kind = {"+": "added", "-": "deleted"}.get(row.history_type, "changed")
        fields = []
        if kind == "changed" and before is not None:
            fields = [
                f
                for f in _tracked(row)
                if f.name not in ignore and getattr(before, f.attname) != getattr(row, f.attname)
            ]
            if not fields:
                continue
        pending.append((row, before, kind, fields))
    wanted = {}
    for row, before, _, fields in pending:
        for f in fields:
            if f.is_relation:
                for value in (getattr(before, f.attname), getattr(row, f.attname)):
                    if value is not None:
                        wanted.setdefault(f.related_model, set()).add(value)
    names = {
        (model, pk): str(obj) for model, pks in wanted.items() for pk, obj in model._base_manager.in_bulk(pks).items()
    }
    return [
        Entry(
            at=row.history_date,
            by=person(row.history_user),
            record=name_of(row),
            kind=kind,
            reason=row.history_change_reason or "",
            changes=[
                Change(
                    f.verbose_name[:1].upper() + f.verbose_name[1:],
                    _shown(f, getattr(before, f.attname), names),
                    _shown(f, getattr(row, f.attname), names),
                )
                for f in fields
            ],
        )
        for row, before, kind, fields in pending
    ]


def changes_since(instance, version):
    """What was saved to `instance` after the copy at `version` was read: entries, oldest first."""
    rows = sorted(
        instance.history.filter(version__gte=version).select_related("history_user"),
        key=lambda r: (r.history_date, r.history_id),
    )
    seen = [i for i, row in enumerate(rows) if row.version == version]
    # Start from the copy that was read (its last row); without one, from the first row after it.
    start = seen[-1] if seen else 0
    found = entries(rows[start:], lambda row: str(instance))
    return found[1:] if seen else found


def record_initial_history(reason):
    """Give every record that has no history yet an "added" row, so later changes have a starting point."""
    for model in registered_models.values():
        history = get_history_manager_for_model(model)
        known = history.values_list("id", flat=True)
        missing = model._base_manager.exclude(pk__in=known).iterator(chunk_size=2000)
        history.bulk_history_create(list(missing), default_change_reason=reason, batch_size=2000)

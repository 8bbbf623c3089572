"""The stored derived fields, checked and repaired in bulk.

Used by `manage.py check_derived` and at the end of every load that bypasses
the model layer (the project's `loaddata`, so `restore` and `load_real_data`
too). Each value is derived by the model methods that save() uses
(Recommendation.derived, HomeOfficeResponse.derived_target and
derive_search_document, on the rules of rules.py), fed with facts read a batch
at a time: a fixed handful of queries per batch, never one per row.

Repairs are written with bulk_update: no history rows, no version change. They
are the tracker's bookkeeping, not anyone's edit, and the audit history keeps
what was actually saved.
"""

from dataclasses import dataclass

from django.db import models

from responses.models import CURRENT_TARGET, HomeOfficeResponse, TargetRevision

from .models import DERIVED_ORDER, Recommendation, SubElement

BATCH = 2000
RESPONSE_FIELDS = (*CURRENT_TARGET, "search_document")


def shown(value):
    if value is None or value == "":
        return "empty"
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


@dataclass(frozen=True)
class Drift:
    """One stored value that differs from a fresh derivation."""

    record: str
    field: str
    stored: object
    derived: object

    def __str__(self):
        return f"{self.record}: {self.field} is {shown(self.stored)}, derives {shown(self.derived)}"


class Derivation:
    """Derive the stored fields of the recommendations with `ids` (default: all) and their responses."""

    def __init__(self, ids=None, batch_size=BATCH, using="default"):
        self.ids = ids
        self.batch_size = batch_size
        self.using = using
        self.recommendations = self.responses = 0  # checked so far

    def batches(self):
        ids = self.ids
        if ids is None:
            ids = Recommendation.objects.using(self.using).order_by("pk").values_list("pk", flat=True)
        ids = sorted(set(ids))
        for start in range(0, len(ids), self.batch_size):
            yield ids[start : start + self.batch_size]

    def drift(self, repair=False):
        """Every stored value that differs from a fresh derivation, as Drift, batch by batch; with
        `repair`, each batch's are written as derived before the next is read."""
        for batch in self.batches():
            yield from self._batch(batch, repair)

    def _read(self, batch):
        revisions = TargetRevision.objects.order_by("recorded_at", "pk").only(
            "response_id", "new_target_text", "new_due_date", "new_due_precision"
        )
        responses = HomeOfficeResponse.objects.select_related("sub_element").prefetch_related(
            models.Prefetch("revisions", queryset=revisions)
        )
        rows = (
            Recommendation.objects.using(self.using)
            .filter(pk__in=batch)
            .select_related("inspection")
            .prefetch_related(models.Prefetch("responses", queryset=responses))
            .order_by("pk")
        )
        restated = {
            *Recommendation.objects.using(self.using).filter(restates__in=batch).values_list("restates", flat=True),
            *SubElement.objects.using(self.using).filter(restates__in=batch).values_list("restates", flat=True),
        }
        return rows, restated

    def _batch(self, batch, repair):
        rows, restated = self._read(batch)
        changed = {Recommendation: ([], set()), HomeOfficeResponse: ([], set())}
        found = []
        for rec in rows:
            responses = list(rec.responses.all())
            for response in responses:
                revisions = [(r.new_target_text, r.new_due_date, r.new_due_precision) for r in response.revisions.all()]
                fresh = (*response.derived_target(revisions), response.derive_search_document())
                label = (
                    f"Response {response.pk} (to {rec}{response.sub_element.letter if response.sub_element else ''})"
                )
                # Set in memory even when only checking: the recommendation derives from fresh targets.
                found += self._compare(response, label, dict(zip(RESPONSE_FIELDS, fresh, strict=True)), changed)
            fresh = rec.derived(responses=responses, restated=rec.pk in restated)
            found += self._compare(
                rec, f"Recommendation {rec.pk} ({rec})", dict(zip(DERIVED_ORDER, fresh, strict=True)), changed
            )
            self.recommendations += 1
            self.responses += len(responses)
        if repair:
            for model, (objs, fields) in changed.items():
                if objs:
                    model.objects.using(self.using).bulk_update(objs, sorted(fields), batch_size=500)
        return found

    @staticmethod
    def _compare(instance, label, fresh, changed):
        found = []
        for name, value in fresh.items():
            stored = getattr(instance, name)
            if stored != value:
                found.append(Drift(label, name, stored, value))
                setattr(instance, name, value)
        if found:
            objs, fields = changed[type(instance)]
            objs.append(instance)
            fields.update(d.field for d in found)
        return found


def rederive(ids, using="default"):
    """Make the stored fields of the recommendations with `ids` and their responses what they derive
    to; returns how many values were out of date."""
    return sum(1 for _ in Derivation(ids, using=using).drift(repair=True))

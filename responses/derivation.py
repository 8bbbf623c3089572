"""The stored derived fields, checked and repaired in bulk.

Used by `manage.py check_derived` and at the end of every load that bypasses
the model layer (the project's `loaddata`, so `restore` and `load_real_data`
too). Each value is derived by the model methods that save() uses
(Recommendation.derived, HomeOfficeResponse.derived_target,
derive_search_document and derived_listing, on the rules of rules.py), fed with facts read a batch
at a time: a fixed handful of queries per batch, never one per row.

Repairs are written with bulk_update: no history rows, no version change. They
are the tracker's bookkeeping, not anyone's edit, and the audit history keeps
what was actually saved.
"""

from dataclasses import dataclass

from recommendations.models import DERIVED_ORDER, Recommendation, SubElement

from .models import CURRENT_TARGET, LISTING, HomeOfficeResponse, TargetRevision

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
        """The batch's recommendations, each with its responses, each response with its revisions'
        targets, oldest first; and which of them are re-stated. Grouped here rather than by
        prefetch_related, whose per-row bookkeeping costs more than the queries at this size."""
        db = self.using
        # Checking every row, a batch is a run of consecutive ids: bounds read faster than a long list.
        whole = self.ids is None

        def of(path):
            return {f"{path}__gte": batch[0], f"{path}__lte": batch[-1]} if whole else {f"{path}__in": batch}

        rows = list(
            Recommendation.objects.using(db).filter(**of("pk")).select_related("inspection", "owner").order_by("pk")
        )
        revisions = {}
        for pk, response_id, recommendation_id, *target in (
            TargetRevision.objects.using(db)
            .filter(**of("response__recommendation"))
            .order_by("recorded_at", "pk")
            .values_list(
                "pk", "response_id", "recommendation_id", "new_target_text", "new_due_date", "new_due_precision"
            )
        ):
            revisions.setdefault(response_id, []).append((pk, recommendation_id, tuple(target)))
        responses = {}
        for response in (
            HomeOfficeResponse.objects.using(db).filter(**of("recommendation")).order_by().select_related("sub_element")
        ):
            responses.setdefault(response.recommendation_id, []).append(response)
        restated = {
            *Recommendation.objects.using(db).filter(**of("restates")).order_by().values_list("restates", flat=True),
            *SubElement.objects.using(db).filter(**of("restates")).order_by().values_list("restates", flat=True),
        }
        return [(rec, responses.get(rec.pk, []), revisions, rec.pk in restated) for rec in rows]

    def _batch(self, batch, repair):
        changed = {Recommendation: ([], set()), HomeOfficeResponse: ([], set())}
        misplaced = {}  # recommendation: ids of its responses' revisions that point elsewhere
        found = []
        for rec, responses, revisions, restated in self._read(batch):
            labels = {}
            for response in responses:
                response.recommendation = rec  # the search text quotes it
                element = response.sub_element.letter if response.sub_element else ""
                label = labels[response.pk] = f"Response {response.pk} (to {rec}{element})"
                ledger = revisions.get(response.pk, [])
                for pk, recommendation_id, _ in ledger:
                    # A revision belongs to its response's recommendation (TargetRevision.save copies it).
                    if recommendation_id != rec.pk:
                        found.append(
                            Drift(f"Target revision {pk} of {label}", "recommendation", recommendation_id, rec.pk)
                        )
                        misplaced.setdefault(rec.pk, []).append(pk)
                targets = [target for _, _, target in ledger]
                fresh = (*response.derived_target(targets), response.derive_search_document())
                # Set in memory even when only checking: the recommendation derives from fresh targets.
                found += self._compare(response, label, dict(zip(RESPONSE_FIELDS, fresh, strict=True)), changed)
            fresh = rec.derived(responses=responses, restated=restated)
            found += self._compare(
                rec, f"Recommendation {rec.pk} ({rec})", dict(zip(DERIVED_ORDER, fresh, strict=True)), changed
            )
            # What the lists read: from the fresh targets and status just derived.
            for response in responses:
                fresh = response.derived_listing(rec, responses)
                found += self._compare(response, labels[response.pk], dict(zip(LISTING, fresh, strict=True)), changed)
            self.recommendations += 1
            self.responses += len(responses)
        if repair:
            for model, (objs, fields) in changed.items():
                if objs:
                    model.objects.using(self.using).bulk_update(objs, sorted(fields), batch_size=500)
            for rec_id, pks in misplaced.items():
                TargetRevision.objects.using(self.using).filter(pk__in=pks).update(recommendation=rec_id)
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

"""Keep the derived status and current targets right whatever saves a row:
the admin, an import or a shell.

Each model derives its own stored fields in save() (the rules are in rules.py);
these receivers carry a change on to the rows that depend on it: a response's
recommendation, the recommendation an element or a later recommendation
re-states, and what each response keeps for the lists (LISTING: whether it is
tracked, its recommendation's status, owner's name and inspection's title).

Raw saves (loaddata: the real data, a restore from backup) are left alone here:
refreshing half-loaded data row by row would write passing states into the
audit history. The project's `loaddata` derives everything it loaded once all
of it is in (derivation.py), writing no history."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from icibi_tracker.dates import keep_last_day
from inspections.models import Inspection
from recommendations.models import Owner, Recommendation, SubElement

from .models import LISTING, HomeOfficeResponse, TargetRevision


@receiver(pre_save)
def keep_the_last_day_of_each_fact_date(sender, instance, **kwargs):
    # Every model, raw loads included: a fixture's "month" closure is kept as its last day too.
    keep_last_day(instance)


def refresh(*recommendation_ids):
    ids = [pk for pk in recommendation_ids if pk]
    for recommendation in Recommendation.objects.filter(pk__in=ids):
        recommendation.refresh_status()
    # Then the copies its responses keep of its status, and which of them are tracked.
    HomeOfficeResponse.objects.filter(recommendation_id__in=ids).refresh_listing()


def stored_restates_id(model, instance):
    if instance.pk is None:
        return None
    return model.objects.filter(pk=instance.pk).values_list("restates_id", flat=True).first()


@receiver(pre_save, sender=Recommendation)
@receiver(pre_save, sender=SubElement)
def remember_restates(sender, instance, **kwargs):
    instance._stored_restates_id = stored_restates_id(sender, instance)


def restated_ones(instance):
    """The recommendations whose "superseded" a save may have changed: the one it re-stated and the one it re-states."""
    stored = getattr(instance, "_stored_restates_id", None)
    return (instance.restates_id, stored) if instance.restates_id != stored else ()


@receiver(post_save, sender=Recommendation)
def recommendation_saved(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    # Its own derived fields were written by save().
    refresh(*restated_ones(instance))
    if not created:
        instance.responses.all().refresh_search_documents()
        instance.responses.all().refresh_listing()  # they keep a copy of its status


@receiver(post_save, sender=SubElement)
@receiver(post_delete, sender=SubElement)
def sub_element_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    saved = "created" in kwargs  # post_save; a post_delete frees the one it re-stated
    refresh(*(restated_ones(instance) if saved else (instance.restates_id,)))
    if instance.pk:
        HomeOfficeResponse.objects.filter(sub_element=instance).refresh_search_documents()


@receiver(post_delete, sender=Recommendation)
def recommendation_deleted(sender, instance, **kwargs):
    refresh(instance.restates_id)


@receiver(post_save, sender=HomeOfficeResponse)
def response_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    # Its current target was derived by save(); its recommendation's next due date and category follow it.
    refresh(instance.recommendation_id)
    # What refresh() stored for it, in this copy too.
    stored = HomeOfficeResponse.objects.filter(pk=instance.pk).values_list(*LISTING).first()
    for name, value in zip(LISTING, stored or (), strict=False):
        setattr(instance, name, value)


@receiver(post_delete, sender=HomeOfficeResponse)
def response_deleted(sender, instance, **kwargs):
    refresh(instance.recommendation_id)


@receiver(post_save, sender=TargetRevision)
@receiver(post_delete, sender=TargetRevision)
def revision_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    response = HomeOfficeResponse.objects.filter(pk=instance.response_id).first()
    if response:
        response.refresh_current_target()
        refresh(response.recommendation_id)  # its next due date may have moved


@receiver(pre_save, sender=Inspection)
def remember_response_published(sender, instance, **kwargs):
    stored = sender.objects.filter(pk=instance.pk).values_list("response_published_on", flat=True).first()
    instance._stored_response_published_on = stored if instance.pk else None


@receiver(post_save, sender=Inspection)
def inspection_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    # Its recommendations' responses keep a copy of its short title.
    HomeOfficeResponse.objects.filter(recommendation__inspection=instance).refresh_listing()
    # Whether the response is published decides "awaiting response" for recommendations with no category.
    if instance.response_published_on != instance._stored_response_published_on:
        refresh(*instance.recommendations.values_list("pk", flat=True))


@receiver(post_save, sender=Owner)
def owner_saved(sender, instance, created, **kwargs):
    # Its recommendations' responses keep a copy of its name.
    if not (created or kwargs.get("raw")):
        HomeOfficeResponse.objects.filter(recommendation__owner=instance).refresh_listing()

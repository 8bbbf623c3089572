"""Keep the derived status and current targets right whatever saves a row:
the admin, an import or a shell.

Raw saves (loaddata: the real data, a restore from backup) are left alone:
their rows carry the derived values already, and refreshing half-loaded data
would write passing states into the audit history. `load_real_data` checks
the derived values once everything is in."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from inspections.models import Inspection
from responses.models import HomeOfficeResponse, TargetRevision

from .models import Recommendation, SubElement


def refresh(*recommendation_ids):
    for recommendation in Recommendation.objects.filter(pk__in=[pk for pk in recommendation_ids if pk]):
        recommendation.refresh_status()


def stored_restates_id(model, instance):
    if instance.pk is None:
        return None
    return model.objects.filter(pk=instance.pk).values_list("restates_id", flat=True).first()


@receiver(pre_save, sender=Recommendation)
@receiver(pre_save, sender=SubElement)
def remember_restates(sender, instance, **kwargs):
    instance._stored_restates_id = stored_restates_id(sender, instance)


@receiver(post_save, sender=Recommendation)
def recommendation_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh(instance.pk, instance.restates_id, getattr(instance, "_stored_restates_id", None))
    instance.responses.all().refresh_search_documents()


@receiver(post_save, sender=SubElement)
@receiver(post_delete, sender=SubElement)
def sub_element_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh(instance.restates_id, getattr(instance, "_stored_restates_id", None))
    if instance.pk:
        HomeOfficeResponse.objects.filter(sub_element=instance).refresh_search_documents()


@receiver(post_delete, sender=Recommendation)
def recommendation_deleted(sender, instance, **kwargs):
    refresh(instance.restates_id)


@receiver(post_save, sender=HomeOfficeResponse)
def response_saved(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    instance.refresh_current_target()
    refresh(instance.recommendation_id)


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
    # Whether the response is published decides "awaiting response" for recommendations with no category.
    if kwargs.get("raw") or instance.response_published_on == instance._stored_response_published_on:
        return
    refresh(*instance.recommendations.values_list("pk", flat=True))

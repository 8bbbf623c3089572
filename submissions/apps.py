from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "Home Office submissions"

    def ready(self):
        from responses.models import LIST_ANNOTATIONS
        from responses.timeline import MORE_EVENTS

        from .models import item_closure_claimed_q
        from .timeline import submission_events

        # The recommendation's timeline and the due and overdue lists show what the Home Office sent.
        MORE_EVENTS.append(submission_events)
        LIST_ANNOTATIONS["closure_claimed"] = item_closure_claimed_q

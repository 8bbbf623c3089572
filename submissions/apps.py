from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "Home Office submissions"

    def ready(self):
        from responses.timeline import MORE_EVENTS

        from .timeline import submission_events

        MORE_EVENTS.append(submission_events)

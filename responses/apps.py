from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ResponsesConfig(AppConfig):
    name = "responses"

    def ready(self):
        from . import signals  # noqa: F401
        from .triggers import create_sqlite_trigger, drop_sqlite_trigger

        pre_migrate.connect(drop_sqlite_trigger, sender=self)
        post_migrate.connect(create_sqlite_trigger, sender=self)

from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class TrackerConfig(AppConfig):
    name = "icibi_tracker"
    verbose_name = "ICIBI recommendation tracker"

    def ready(self):
        from . import data_version

        pre_migrate.connect(data_version.drop_triggers, sender=self)
        post_migrate.connect(data_version.create_triggers, sender=self)

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports: board packs, trends and themes"

    def ready(self):
        from .aggregates import register_sqlite_percentile

        connection_created.connect(register_sqlite_percentile)

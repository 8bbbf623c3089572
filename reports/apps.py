from django.apps import AppConfig
from django.db.backends.signals import connection_created

from .aggregates import register_sqlite_percentile


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports: board packs, trends and themes"

    def ready(self):
        # SQLite has no percentile function: each new connection gets ours (aggregates.Percentile).
        connection_created.connect(register_sqlite_percentile)

from django.db import models


class DataVersion(models.Model):
    """One row whose token changes, in the same transaction, with every write to the tracker's data
    (data_version.py): a figure cached under the token it was computed after is never served stale."""

    token = models.CharField(max_length=64)

    def __str__(self):
        return self.token

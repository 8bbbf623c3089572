"""Django's json serialization format, keeping datetimes and times to the microsecond.

DjangoJSONEncoder cuts them to milliseconds, so a backup written with the stock
format restores every history date and last sign-in slightly changed. Registered
as "json_exact" in SERIALIZATION_MODULES; the stock json Deserializer reads full
ISO 8601 values back, so this module uses it unchanged (a file written in either
format loads as plain .json).
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = django_json.Deserializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            if isinstance(o, datetime.time) and o.utcoffset() is not None:
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        if self.json_kwargs["cls"] is DjangoJSONEncoder:
            self.json_kwargs["cls"] = ExactJSONEncoder

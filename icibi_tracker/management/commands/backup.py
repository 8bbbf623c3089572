import hashlib
import os
import tarfile
import tempfile
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import models

# Rebuilt by `migrate` on any database; rows that point at them are written by natural key. The
# data's version is made anew, so no figure cached before the restore is taken for the restored data's.
REBUILT = ["contenttypes", "auth.permission", "icibi_tracker.dataversion"]
# Transient: sign-in sessions (a restore signs everyone out) and django-axes' current
# failed-attempt counters and lock-outs (they expire after AXES_COOLOFF_TIME anyway).
# axes' access log (sign-ins and sign-outs) is kept, as audit history.
TRANSIENT = ["sessions", "axes.accessattempt", "axes.accessattemptexpiration"]
NOT_BACKED_UP = REBUILT + TRANSIENT

# The archive: the rows first (a restore loads them before it reads any file), then each stored
# file under its storage name.
DATA = "data.json"
FILES = "files/"
# A stored file's SHA-256 is kept in a field of this name beside it (Evidence.sha256), so a
# restore checks each file against the database, not against the archive that carried it.
HASH_FIELD = "sha256"
CHUNK = 1024 * 1024

WARNING = (
    "The file holds every account's password hash, the calendar subscription secrets and the "
    "evidence files: keep it where only the tracker's administrators can read it."
)
EXCLUDED = "Left out: sign-in sessions and django-axes' failed-attempt counters and lock-outs."


def stored_files():
    """{storage name: (storage, SHA-256 the database keeps)} for every file any model holds.

    Found through every FileField in the app registry, so this package names no app above it."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            if HASH_FIELD not in {f.name for f in model._meta.concrete_fields}:
                raise CommandError(
                    f"{model._meta.label}.{field.name} holds files but no `{HASH_FIELD}` field to check them by."
                )
            rows = model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, HASH_FIELD)
            found.update((name, (field.storage, digest)) for name, digest in rows)
    return found


class HashingReader:
    """Reads a file through, keeping the SHA-256 of what went by (tarfile reads it in chunks)."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        chunk = self.file.read(size)
        self.digest.update(chunk)
        return chunk


class Command(BaseCommand):
    help = (
        "Write the whole database (records, audit history, accounts, roles) and every evidence file "
        f"to one gzipped tar archive, readable by its owner only (mode 0600). {EXCLUDED} {WARNING}"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write, e.g. backups/tracker-2026-11-23.tar.gz")

    def handle(self, *args, path, **options):
        # Created owner-only from the start, never readable by others even for a moment;
        # a file already there keeps its own mode under os.open, so it is made owner-only
        # before anything is written into it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw:
                os.fchmod(raw.fileno(), 0o600)
                # "w|gz" streams: neither the data nor any file is held in memory whole.
                with tarfile.open(fileobj=raw, mode="w|gz") as archive:
                    count = self.write(archive)
        except BaseException:
            os.remove(path)  # a half-written backup is never mistaken for one
            raise
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the database and {count} files to {path} (mode 0600). {EXCLUDED}")
        )
        self.stdout.write(WARNING)

    def write(self, archive):
        # tar needs each member's size before its content, so the rows go through a temporary file.
        with tempfile.TemporaryFile("w+b") as data:
            with open(data.fileno(), "w", encoding="utf-8", closefd=False) as text:
                call_command(
                    "dumpdata",
                    format="json_exact",
                    natural_foreign=True,
                    exclude=NOT_BACKED_UP,
                    indent=None,
                    stdout=text,
                    verbosity=0,
                )
            data.seek(0)
            archive.addfile(archive.gettarinfo(arcname=DATA, fileobj=data), data)
        files = stored_files()
        for name, (storage, kept) in sorted(files.items()):
            if not storage.exists(name):
                raise CommandError(f"Evidence file {name} is missing from the storage: nothing was backed up.")
            with storage.open(name, "rb") as stored:
                info = tarfile.TarInfo(FILES + name)
                info.size, info.mode, info.mtime = stored.size, 0o600, time.time()
                reader = HashingReader(stored)
                archive.addfile(info, reader)
            if reader.digest.hexdigest() != kept:
                raise CommandError(
                    f"Evidence file {name} does not match the SHA-256 the database keeps for it "
                    "(changed or damaged in the storage): nothing was backed up."
                )
        return len(files)

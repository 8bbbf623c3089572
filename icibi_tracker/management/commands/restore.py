import gzip
import hashlib
import shutil
import tarfile
import tempfile
import zlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from icibi_tracker.roles import TRACKER_APPS

from .backup import CHUNK, DATA, FILES, stored_files

NOT_A_BACKUP = "{path} is not a backup written by `manage.py backup` ({error}); nothing was restored."
UNREADABLE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup` into this database and the evidence storage, all or nothing. "
        "Reads the archive (data and evidence files) and the older gzipped JSON (data only)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete everything in this database first (asks no question)."
        )

    def handle(self, *args, path, replace, **options):
        tracked = [model for label in TRACKER_APPS for model in apps.get_app_config(label).get_models()]
        holds_data = any(model.objects.exists() for model in [*tracked, get_user_model()])
        if holds_data and not replace:
            raise CommandError("This database already holds data. Restore into an empty one, or add --replace.")
        try:
            is_archive = tarfile.is_tarfile(path)
        except OSError as error:
            raise CommandError(NOT_A_BACKUP.format(path=path, error=error)) from error
        if is_archive:
            count = self.restore_archive(path, replace)
            self.stdout.write(self.style.SUCCESS(f"Restored {path}: the data and {count} evidence files."))
        else:
            self.restore_old(path, replace)

    def load(self, data, replace):
        if replace:
            call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", data, verbosity=0)

    def restore_old(self, path, replace):
        """A backup from before files were kept in it: gzipped JSON, the evidence left in the storage."""
        # loaddata reads files by name; the decompressed copy lives only as long as the restore.
        with tempfile.NamedTemporaryFile("wb", suffix=".json") as plain:
            try:
                with gzip.open(path, "rb") as backup:
                    shutil.copyfileobj(backup, plain, CHUNK)
            except (OSError, *UNREADABLE) as error:
                raise CommandError(NOT_A_BACKUP.format(path=path, error=error)) from error
            plain.flush()
            with transaction.atomic():
                self.load(plain.name, replace)
            missing = [name for name, (storage, _) in stored_files().items() if not storage.exists(name)]
        self.stdout.write(self.style.SUCCESS(f"Restored {path}, a backup of the data only."))
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(missing)} evidence files it names are not in the storage (first: {missing[0]}): "
                    "copy them back from where the files were kept beside this backup."
                )
            )

    def restore_archive(self, path, replace):
        """The data, then each file put back through its storage under its own name, checked against
        the SHA-256 the restored data keeps. Any failure undoes the lot: the transaction rolls back
        and the files this restore wrote are deleted."""
        written = []
        try:
            # "r|*" reads the archive as a stream, one member after the other, never whole in memory.
            with (
                tarfile.open(path, mode="r|*") as archive,
                tempfile.NamedTemporaryFile("wb", suffix=".json") as data,
                transaction.atomic(),
            ):
                first = archive.next()
                if first is None or first.name != DATA or not first.isfile():
                    raise CommandError(NOT_A_BACKUP.format(path=path, error=f"it does not begin with {DATA}"))
                shutil.copyfileobj(archive.extractfile(first), data, CHUNK)
                data.flush()
                self.load(data.name, replace)
                expected = stored_files()
                count = len(expected)
                while (member := archive.next()) is not None:
                    name = member.name.removeprefix(FILES)
                    if not (member.isfile() and member.name.startswith(FILES) and name in expected):
                        raise CommandError(
                            f"{path} holds {member.name}, which no record in it names: nothing was restored."
                        )
                    storage, kept = expected.pop(name)
                    put_back(archive.extractfile(member), storage, name, kept, written)
                if expected:
                    raise CommandError(
                        f"Evidence file {', '.join(sorted(expected))} is missing from {path}: nothing was restored."
                    )
        except UNREADABLE as error:
            undo(written)
            raise CommandError(NOT_A_BACKUP.format(path=path, error=error)) from error
        except BaseException:
            undo(written)
            raise
        return count


def put_back(source, storage, name, kept, written):
    # Copied aside first, so a damaged file is refused before anything reaches the storage.
    with tempfile.TemporaryFile() as copy:
        shutil.copyfileobj(source, copy, CHUNK)
        copy.seek(0)
        if hashlib.file_digest(copy, "sha256").hexdigest() != kept:
            raise CommandError(
                f"Evidence file {name} in the backup does not match the SHA-256 its record keeps "
                "(damaged or changed since the backup): nothing was restored."
            )
        if storage.exists(name):
            with storage.open(name, "rb") as there:
                if hashlib.file_digest(there, "sha256").hexdigest() == kept:
                    return  # the same file is still in place: restoring where the files were kept
            raise CommandError(
                f"The storage already holds a different file named {name}: evidence is never replaced, so "
                "move it away and restore again. Nothing was restored."
            )
        copy.seek(0)
        saved = storage.save(name, File(copy, name=name))
        written.append((storage, saved))
        if saved != name:
            raise CommandError(f"Evidence file {name} was given another name by the storage: nothing was restored.")


def undo(written):
    for storage, name in written:
        storage.delete(name)

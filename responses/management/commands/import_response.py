from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from inspections.models import Inspection
from responses.importing import ImportRefused, apply_import, plan_import
from responses.sources import read_source


class Command(BaseCommand):
    help = (
        "Import a published Home Office response or ICIBI report (.pdf, .txt or .html, "
        "or its https://www.gov.uk address) into an inspection."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file, or the document's GOV.UK address.")
        parser.add_argument("--inspection", required=True, help="The inspection's slug.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument(
            "--replace-text", action="store_true", help="Replace recorded recommendation texts that differ."
        )
        parser.add_argument("--source", default="", help="The document's name, the source of any extension.")

    def handle(self, *args, file, inspection, dry_run, replace_text, source, **options):
        try:
            target = Inspection.objects.get(slug=inspection)
        except Inspection.DoesNotExist as error:
            raise CommandError(f"No inspection has the slug {inspection!r}.") from error
        try:
            if file.startswith(("https://", "http://")):
                text = read_source(url=file)
            else:
                with Path(file).open("rb") as handle:
                    text = read_source(upload=File(handle, name=Path(file).name))
            if dry_run:
                plan = plan_import(target, text)
            else:
                plan = apply_import(target, text, replace_text=replace_text, source=source)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        document = plan.document
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        elements = sum(len(r.elements) for r in document.recommendations)
        flagged = sum(bool(r.flags) + sum(bool(e.flags) for e in r.elements) for r in document.recommendations)
        self.stdout.write(
            f"Found {len(document.recommendations)} recommendations and {elements} elements in this {document.kind}; "
            f"{flagged} items are flagged for a person to check."
        )
        for change in plan.changes:
            names = ", ".join(name for name, _, _ in change.fields) or "nothing"
            self.stdout.write(f"  {change.action} {change.reference}: {names}")
        if plan.unchanged:
            self.stdout.write(f"  unchanged: {', '.join(plan.unchanged)}")
        verb = "Would add or update" if dry_run else "Added or updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(plan.changes)} items in {target}."))

"""generate_demo_data: synthetic data that is realistic, marked, repeatable, removable, and derived exactly as
the model layer derives it (bulk inserts skip save() and the signals)."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Q

from inspections.models import Inspection
from recommendations.choices import Category
from recommendations.models import Owner, Recommendation, SubElement
from responses import demo_data
from responses.models import HomeOfficeResponse, ProgressUpdate, TargetRevision
from responses.targets import parse_target

from .conftest import TODAY

pytestmark = pytest.mark.django_db
Status = Recommendation.Status
SIZE = 600

IN_SYNTHETIC_INSPECTION = "recommendation__inspection__slug__startswith"
SYNTHETIC = {
    Inspection: Q(slug__startswith=demo_data.SLUG_PREFIX),
    Owner: Q(name__startswith=demo_data.OWNER_PREFIX),
    Recommendation: Q(inspection__slug__startswith=demo_data.SLUG_PREFIX),
    SubElement: Q(**{IN_SYNTHETIC_INSPECTION: demo_data.SLUG_PREFIX}),
    HomeOfficeResponse: Q(**{IN_SYNTHETIC_INSPECTION: demo_data.SLUG_PREFIX}),
    TargetRevision: Q(**{IN_SYNTHETIC_INSPECTION: demo_data.SLUG_PREFIX}),
    ProgressUpdate: Q(**{IN_SYNTHETIC_INSPECTION: demo_data.SLUG_PREFIX}),
}


@pytest.fixture(autouse=True)
def debug(settings):
    settings.DEBUG = True


def run(*args):
    out = StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


def generate(size=SIZE, seed=1):
    return run("--recommendations", str(size), "--seed", str(seed))


def real_rows():
    """Every row that is not synthetic, ids included, and the whole audit history."""
    rows = {model.__name__: list(model.objects.exclude(q).order_by("pk").values()) for model, q in SYNTHETIC.items()}
    for model in (Inspection, Recommendation, SubElement, HomeOfficeResponse, TargetRevision, ProgressUpdate):
        rows[f"history of {model.__name__}"] = list(model.history.order_by("history_id").values())
    return rows


def synthetic_rows():
    """Every synthetic row, with ids replaced by positions so that two runs compare."""
    rows = {model: list(model.objects.filter(q).order_by("pk").values()) for model, q in SYNTHETIC.items()}
    position = {model: {row["id"]: i for i, row in enumerate(found)} for model, found in rows.items()}

    def plain(model, row):
        fields = [f for f in model._meta.concrete_fields if f.name not in ("id", "recorded_at")]
        return {
            f.name: position[f.related_model].get(row[f.attname], "not synthetic") if f.is_relation else row[f.attname]
            for f in fields
        }

    return {model.__name__: [plain(model, row) for row in found] for model, found in rows.items()}


def test_stored_derived_fields_equal_what_the_model_layer_derives():
    generate()
    recommendations = Recommendation.objects.filter(SYNTHETIC[Recommendation]).prefetch_related(
        "responses", "restated_by", "restated_by_elements"
    )
    assert recommendations.count() == SIZE
    for rec in recommendations:
        assert (rec.category, rec.status, rec.next_due_date) == rec.derived(), rec
    responses = HomeOfficeResponse.objects.filter(SYNTHETIC[HomeOfficeResponse]).prefetch_related("revisions")
    for response in responses:
        assert (response.due_date, response.due_precision) == parse_target(response.target_text), response
        previous = (response.target_text, response.due_date, response.due_precision)
        for revision in sorted(response.revisions.all(), key=lambda r: (r.recorded_at, r.pk)):
            assert revision.recommendation_id == response.recommendation_id
            assert (revision.previous_target_text, revision.previous_due_date, revision.previous_due_precision) == (
                previous
            )
            assert (revision.new_due_date, revision.new_due_precision) == parse_target(revision.new_target_text)
            assert revision.new_due_date > revision.previous_due_date
            previous = (revision.new_target_text, revision.new_due_date, revision.new_due_precision)
        fields = ("current_target_text", "current_due_date", "current_due_precision", "revision_count")
        stored = [getattr(response, name) for name in fields]
        response.refresh_current_target()  # sets the fields (and writes) only if they were wrong
        assert [getattr(response, name) for name in fields] == stored, response
    assert not responses.filter(sub_element__isnull=False).exclude(sub_element__recommendation=F("recommendation"))


def test_the_data_looks_like_the_real_thing():
    generate()
    recommendations = Recommendation.objects.filter(SYNTHETIC[Recommendation])
    categories = Counter(recommendations.exclude(category="").values_list("category", flat=True))
    answered = sum(categories.values())
    assert 0.6 < categories[Category.ACCEPTED] / answered < 0.8
    assert 0.15 < categories[Category.PARTIALLY_ACCEPTED] / answered < 0.35
    assert 0 < categories[Category.NOT_ACCEPTED] / answered < 0.12
    assert 0.3 < recommendations.filter(sub_elements__isnull=False).distinct().count() / SIZE < 0.5
    sizes = Counter(recommendations.values_list("inspection", flat=True)).values()
    assert max(sizes) <= 12 and sorted(sizes)[1] >= 2  # only the last report may be cut short
    letters = set(SubElement.objects.filter(SYNTHETIC[SubElement]).values_list("letter", flat=True))
    assert letters == set("abcde")

    statuses = Counter(recommendations.values_list("status", flat=True))
    assert set(statuses) == set(Status), statuses
    responses = HomeOfficeResponse.objects.filter(SYNTHETIC[HomeOfficeResponse])
    precisions = set(responses.values_list("due_precision", flat=True))
    assert precisions == {"day", "month", "quarter", "season", "half", "third", "year", "none", "unknown"}
    assert responses.filter(sub_element__isnull=False).exists()
    assert TargetRevision.objects.filter(SYNTHETIC[TargetRevision]).exists()
    assert ProgressUpdate.objects.filter(SYNTHETIC[ProgressUpdate]).exists()
    assert recommendations.filter(ho_status="closed", closed_on__isnull=False).exclude(closure_evidence="").exists()
    assert SubElement.objects.filter(SYNTHETIC[SubElement], restates__isnull=False).exists()
    assert any(len(chain) > 2 for chain in Recommendation.objects.restatement_chains())

    assert recommendations.overdue(TODAY).exists()
    assert recommendations.due_within(90, TODAY).exists()
    assert responses.filter(current_due_date__gt=TODAY.replace(year=TODAY.year + 1)).exists()
    published = recommendations.values_list("inspection__published_on", flat=True)
    assert min(published).year == 2015 and max(published) <= TODAY


def test_everything_is_marked_synthetic_and_the_real_data_is_untouched(real_data):
    before = real_rows()
    output = generate()
    assert "recommendations" in output and " s:" in output  # how many rows, and how long it took
    inspections = Inspection.objects.filter(SYNTHETIC[Inspection])
    assert inspections.exclude(title__startswith="Synthetic:").count() == 0
    assert set(inspections.values_list("business_area", flat=True)) == {"Synthetic demo data"}
    owners = Owner.objects.filter(recommendations__in=Recommendation.objects.filter(SYNTHETIC[Recommendation]))
    assert {o.name.startswith("Synthetic directorate") for o in owners} == {True}
    assert Recommendation.objects.filter(SYNTHETIC[Recommendation]).count() == SIZE
    assert real_rows() == before


def test_delete_removes_only_the_synthetic_data(real_data):
    before = real_rows()
    generate()
    # Someone edited a synthetic recommendation in the admin: its audit history goes too.
    rec = Recommendation.objects.filter(SYNTHETIC[Recommendation]).first()
    rec.priority = not rec.priority
    rec.save()
    output = run("--delete")
    assert re.search(rf"recommendations +{SIZE}\n", output)
    for model, q in SYNTHETIC.items():
        assert not model.objects.filter(q).exists(), model
    assert real_rows() == before


def test_the_same_seed_gives_the_same_data():
    generate(size=200, seed=7)
    first = synthetic_rows()
    run("--delete")
    generate(size=200, seed=7)
    assert synthetic_rows() == first
    run("--delete")
    generate(size=200, seed=8)
    assert synthetic_rows() != first


def test_it_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off.*--force"):
        generate(size=5)
    with pytest.raises(CommandError, match="DEBUG is off.*--force"):
        run("--delete")
    assert not Inspection.objects.exists()
    run("--recommendations", "5", "--force")
    assert Recommendation.objects.count() == 5

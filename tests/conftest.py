import datetime
import io
import os
import shutil

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from icibi_tracker.roles import INSPECTORATE, MANAGERS, POLICY_TEAM, sync_roles

# The date the domain document's examples are written against.
TODAY = datetime.date(2026, 11, 23)
# What a page pays, at most, the first time after a change for a figure it keeps in the cache
# (icibi_tracker/data_version.cached): the data's version, the look-up, and the write (the cache's
# count of its entries, a savepoint, a look-up, the insert, the release). Later requests save it.
CACHE_MISS_QUERIES = 7


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Each persona's password is hashed when it is made: with production's hasher that was a
    quarter of a second a person, most of the set-up time of tests that sign someone in."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def today(monkeypatch):
    """Fix the tracker's clock at TODAY for pages and the admin."""
    monkeypatch.setattr("icibi_tracker.clock.today", lambda: TODAY)
    return TODAY


class Clock:
    def __init__(self, start):
        self.seconds = start

    def advance(self, seconds):
        self.seconds += seconds


@pytest.fixture
def clock(monkeypatch):
    """Fix the clock the sign-in and password reset limits read; `clock.advance(60)` moves it on."""
    fixed = Clock(1_795_000_000.0)
    monkeypatch.setattr("icibi_tracker.throttle.now", lambda: fixed.seconds)
    return fixed


def _stored_models():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


@pytest.fixture(scope="session")
def real_data_rows(django_db_setup, django_db_blocker):
    """The rows `load_real_data` writes (records, derived fields and history), loaded once per run.

    Loading re-derives every target and status and writes the history, a third of a second or more
    each time. It runs once, inside a transaction that is rolled back; what it wrote is kept here
    for `real_data` to insert as it is.
    """
    rows = []
    with django_db_blocker.unblock(), transaction.atomic():
        models = _stored_models()
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}
        call_command("load_real_data", stdout=io.StringIO())
        for model in models:
            pk = model._meta.pk.attname
            added = [row for row in model._base_manager.order_by("pk").values() if row[pk] not in before[model]]
            if added:
                rows.append((model, model._meta.local_concrete_fields, added))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def real_data(real_data_rows, db):
    """The real data, as `load_real_data` leaves it, in this test's database.

    Inserted as rows (no save(), no signals, nothing derived again), so a test gets the loaded
    records quickly and can change them freely: its transaction, or the flush after a
    live-server test, takes them away again.
    """
    with transaction.atomic():
        for model, fields, added in real_data_rows:
            objs = [model(**row) for row in added]
            batch = connection.ops.bulk_batch_size(fields, objs) or len(objs)
            for start in range(0, len(objs), batch):
                # raw: the loaded values go in as they are (auto_now_add dates included).
                model._base_manager._insert(objs[start : start + batch], fields=fields, raw=True)
        # PostgreSQL's sequences do not move for rows inserted with their ids.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _, _ in real_data_rows]):
                cursor.execute(sql)


def _person(django_user_model, username, role=None, **flags):
    # Live-server tests flush the database, roles included: make them again.
    sync_roles(Group, Permission)
    user = django_user_model.objects.create_user(username=username, password="a-long-test-password", **flags)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def inspectorate_user(db, django_user_model):
    return _person(django_user_model, "inspector", INSPECTORATE, is_staff=True)


@pytest.fixture
def policy_user(db, django_user_model):
    return _person(django_user_model, "policy", POLICY_TEAM)


@pytest.fixture
def manager_user(db, django_user_model):
    return _person(django_user_model, "manager", MANAGERS)


@pytest.fixture
def staff_client(client, inspectorate_user):
    client.force_login(inspectorate_user)
    return client


def view_only_staff(django_user_model, role):
    """Someone with access to the admin whose role only views."""
    return _person(django_user_model, "viewer", role, is_staff=True)


@pytest.fixture(params=["inspectorate_user", "policy_user", "manager_user"])
def any_role_user(request):
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def chromium_path():
    """The system Chromium (Debian's package). In CI a missing browser is a failure."""
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium for the browser tests: apt-get install chromium")
        pytest.skip("Browser tests need the system Chromium: apt-get install chromium")
    return path


BUILT_STYLES = os.path.join(os.path.dirname(__file__), "..", "static_build", "css", "application.css")


@pytest.fixture(scope="session")
def built_assets():
    """The GOV.UK styles and scripts the pages load; without them the browser tests cannot mean anything."""
    if not os.path.exists(BUILT_STYLES):
        pytest.fail(
            "Browser tests need the built assets and static_build/css/application.css is missing: "
            "run `make assets` (or `npm ci && npm run build`) first.",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def browser(chromium_path, built_assets):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, so
    # Django would refuse the tests' own (synchronous) ORM calls.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def serious_accessibility_problems(page):
    """axe-core's serious and critical violations on the page, as readable lines."""
    # From the app's own static files: the Content-Security-Policy refuses inline scripts.
    page.add_script_tag(url="/static/vendor/axe.min.js")
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} elements)"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def signs_in(client, username, password):
    """Sign in through the login form, as a person does (django-axes watches that form)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def sign_in(page, username, password="a-long-test-password"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "screenshots")


def screenshot(page, name):
    """Keep a full-page picture in screenshots/ (git-ignored) for a person to look at."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


# The Home Office submission personas and the evidence storage, for every module.
from .submission_helpers import border_member, evidence_storage, transformation_member  # noqa: E402, F401

"""Every page is valid HTML by the Nu Html Checker (npm vnu-jar, run offline with Java), so errors
such as two selected options with one value, or a form with an empty action, cannot come back unseen."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .test_browser_tables_fit import list_pages

pytestmark = pytest.mark.usefixtures("real_data", "today")

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Pages beyond the lists: the site's own, and states with an error summary.
OTHER_PAGES = {
    "accessibility": "/accessibility/",
    "cookies": "/cookies/",
    "email-settings": "/account/email/",
    "due-wrong-filter": "/due/?due_within=soon&due_from=31/02/2026",
    "as-of-wrong-date": "/recommendations/{pk}/?as_of=yesterday",
    "trends-wrong-filter": "/reports/trends/?period=week",
}


@pytest.fixture
def java():
    path = shutil.which("java")
    if path is None or not VNU.exists():
        # A missing checker fails, never skips: a page's HTML must not go unchecked quietly.
        pytest.fail("The HTML check needs Java (apt-get install default-jre-headless) and npm's vnu-jar (make assets)")
    return path


def test_every_page_is_valid_html(java, client, inspectorate_user, tmp_path):
    client.force_login(inspectorate_user)
    pages = {**list_pages(), **OTHER_PAGES}
    pages["as-of-wrong-date"] = pages["as-of-wrong-date"].format(pk=pages["recommendation"].split("/")[2])
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    client.logout()
    files.append(tmp_path / "sign-in.html")
    files[-1].write_bytes(client.get("/accounts/login/").content)

    checked = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = [
        f"{Path(m['url']).stem} line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stderr)["messages"]
    ]
    assert errors == []

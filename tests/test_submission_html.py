"""Every submissions page is valid HTML by the Nu Html Checker, its error states included."""

import datetime
import json
import subprocess
from pathlib import Path

import pytest

from submissions.models import Submission, UpdateRound

from .submission_helpers import asylum_data, sent
from .test_html_valid import VNU, java  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("today", "evidence_storage")


def test_every_submissions_page_is_valid_html(java, client, transformation_member, inspectorate_user, tmp_path):  # noqa: F811
    rec = asylum_data()
    claim = sent(rec, transformation_member)
    returned = sent(rec, transformation_member, kind=Submission.Kind.PROGRESS)
    returned = returned.send_back(inspectorate_user, returned.version, "Say more.")
    round_ = UpdateRound.open_round("Spring 2027", datetime.date(2027, 4, 14), inspectorate_user)
    pages = {
        transformation_member: {
            "team": ("get", "/submissions/"),
            "start": ("get", f"/submissions/recommendations/{rec.pk}/new/"),
            "start-error": ("post", f"/submissions/recommendations/{rec.pk}/new/"),
            "details": ("get", f"/submissions/recommendations/{rec.pk}/new/extension/"),
            "details-error": ("post", f"/submissions/recommendations/{rec.pk}/new/closure/"),
            "change-returned": ("get", f"/submissions/{returned.pk}/change/"),
            "check": ("get", f"/submissions/{returned.pk}/check/"),
            "sent": ("get", f"/submissions/{claim.pk}/sent/"),
            "withdraw": ("get", f"/submissions/{claim.pk}/withdraw/"),
            "detail-team": ("get", f"/submissions/{claim.pk}/"),
            "recommendation": ("get", f"/recommendations/{rec.pk}/"),
        },
        inspectorate_user: {
            "queue": ("get", "/submissions/review/"),
            "detail-reviewer": ("get", f"/submissions/{claim.pk}/"),
            "record": ("get", f"/submissions/{claim.pk}/record/"),
            "return-error": ("post", f"/submissions/{claim.pk}/return/"),
            "rounds": ("get", "/submissions/rounds/"),
            "open-round-error": ("post", "/submissions/rounds/new/"),
            "round": ("get", f"/submissions/rounds/{round_.pk}/"),
            "closure-claimed": ("get", "/submissions/closure-claimed/"),
            "overview": ("get", "/"),
        },
    }
    files = []
    for person, addresses in pages.items():
        client.force_login(person)
        for name, (method, url) in addresses.items():
            response = getattr(client, method)(url, {"version": claim.version} if method == "post" else None)
            assert response.status_code == 200, url
            files.append(tmp_path / f"{name}.html")
            files[-1].write_bytes(response.content)
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

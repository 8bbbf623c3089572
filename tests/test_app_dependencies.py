"""The apps depend one way (README, "Where things are"): each may import the project package and
the apps below it, never one above. Read from every import in every module, those inside functions
too, so a cycle cannot hide in a late import."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first: the project package (roles, dates, audit, template tags) depends on no app.
LAYERS = ["icibi_tracker", "inspections", "recommendations", "responses", "submissions", "reports", "notifications"]
# The one module that wires the apps together, as settings names them: it imports every app's pages.
WIRING = {Path("icibi_tracker/urls.py")}


def _model_by_name(node):
    return (
        isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "get_model"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def imported_packages(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif _model_by_name(node) and "migrations" not in path.parts:
            # apps.get_model("responses", ...) reaches an app as surely as an import does.
            names = [node.args[0].value]
        else:
            continue
        for name in names:
            yield node.lineno, name.split(".")[0]


def against_the_direction(package):
    allowed = set(LAYERS[: LAYERS.index(package) + 1])
    for path in sorted((ROOT / package).rglob("*.py")):
        if path.relative_to(ROOT) in WIRING:
            continue
        for line, imported in imported_packages(path):
            if imported in LAYERS and imported not in allowed:
                yield f"{path.relative_to(ROOT)}:{line} imports {imported}"


@pytest.mark.parametrize("package", LAYERS)
def test_no_app_imports_one_above_it(package):
    assert list(against_the_direction(package)) == []


def test_the_check_sees_an_import_inside_a_function_and_a_model_fetched_by_name(tmp_path, monkeypatch):
    module = tmp_path / "inspections" / "late.py"
    module.parent.mkdir()
    module.write_text(
        "def f():\n    from responses.models import HomeOfficeResponse\n"
        "def g(apps):\n    return apps.get_model('submissions', 'Submission')\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert list(against_the_direction("inspections")) == [
        "inspections/late.py:2 imports responses",
        "inspections/late.py:4 imports submissions",
    ]


def test_every_app_of_the_project_has_a_layer(settings):
    own = {app for app in settings.INSTALLED_APPS if (ROOT / app / "__init__.py").exists()}
    assert own == set(LAYERS)

"""The three roles of the tracker and what each may do (DOMAIN.md, "Who does what")."""

INSPECTORATE = "Inspectorate staff"
POLICY_TEAM = "Policy team"
MANAGERS = "Managers"

TRACKER_APPS = ("inspections", "recommendations", "responses")

# The extension ledger is only ever added to.
ADD_ONLY = {"targetrevision"}


def permissions_for(role, permission_codenames):
    """The codenames a role holds, from (app_label, codename) pairs."""
    if role == INSPECTORATE:
        return [
            (app, codename)
            for app, codename in permission_codenames
            if not (codename.split("_", 1)[1] in ADD_ONLY and codename.split("_", 1)[0] in ("change", "delete"))
        ]
    return [(app, codename) for app, codename in permission_codenames if codename.startswith("view_")]

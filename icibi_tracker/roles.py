"""The roles of the tracker and what each may do (DOMAIN.md, "Who does what")."""

INSPECTORATE = "Inspectorate staff"
POLICY_TEAM = "Policy team"
MANAGERS = "Managers"
# Views as a policy team does; submits for their own teams' recommendations, which the submission
# pages check object by object (never through the admin's model permissions).
HOME_OFFICE_TEAM = "Home Office team member"
ROLES = (INSPECTORATE, POLICY_TEAM, MANAGERS, HOME_OFFICE_TEAM)

TRACKER_APPS = ("inspections", "recommendations", "responses", "submissions", "notifications")

# The extension ledger and evidence are only ever added to.
ADD_ONLY = {"targetrevision", "evidence"}
# Kept by the tracker itself: the log of emails sent (deleting a row would send it again) and
# each person's own email settings, which they change on their own page.
READ_ONLY = {"sentemail", "emailsettings"}
# Submissions and their evidence are seen by inspectorate staff and the owning team only: no other
# role holds a model permission on them.
INSPECTORATE_ONLY = {"submission", "evidence", "teammembership", "updateround"}


def may_hold(role, codename):
    """Inspectorate staff change everything (but never rewrite the ledger or the history); the others only view."""
    action, model = codename.split("_", 1)
    if model.removeprefix("historical") in INSPECTORATE_ONLY and role != INSPECTORATE:
        return False
    if model.startswith("historical") or model in READ_ONLY:
        return action == "view"  # the audit history is never written by a person
    if role == INSPECTORATE:
        return not (model in ADD_ONLY and action in ("change", "delete"))
    return action == "view"


def sync_roles(group_model, permission_model):
    """Create the role groups and give each its permissions; safe to run again."""
    permissions = list(permission_model.objects.filter(content_type__app_label__in=TRACKER_APPS))
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.set([p for p in permissions if may_hold(role, p.codename)])

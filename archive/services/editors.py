"""The ``editors`` group: exactly the permissions that correction work needs."""

from __future__ import annotations

from django.apps import apps as global_apps

EDITORS_GROUP = "editors"

# Meetings come from the importer: editors correct them but neither add nor delete them.
# Everything inside a meeting, and departments' aliases, they may add, change and delete;
# departments they may add, rename and merge, never delete outright (a merge keeps every
# reference). No permission on users, groups or the history tables themselves.
EDITOR_PERMISSIONS: tuple[str, ...] = (
    "view_meeting",
    "change_meeting",
    *(
        f"{action}_{model}"
        for model in ("agendaitem", "decision", "decisiondepartment", "attendee", "departmentalias")
        for action in ("view", "add", "change", "delete")
    ),
    "view_department",
    "add_department",
    "change_department",
    "merge_department",
)


def editors_group_sync(*, apps=global_apps):
    """Create the ``editors`` group, or reset it to exactly ``EDITOR_PERMISSIONS``.

    Idempotent. ``apps`` is the app registry to use (a migration passes its historical one).
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; make sure they exist already.
    # (A migration's app configs are stubs without models_module, which create_permissions
    # needs to be truthy.)
    config = apps.get_app_config("archive")
    saved = getattr(config, "models_module", None)
    config.models_module = saved or True
    try:
        create_permissions(config, apps=apps, verbosity=0)
    finally:
        config.models_module = saved

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=EDITORS_GROUP)
    permissions = list(
        permission_model.objects.filter(
            content_type__app_label="archive", codename__in=EDITOR_PERMISSIONS
        )
    )
    missing = set(EDITOR_PERMISSIONS) - {p.codename for p in permissions}
    if missing:
        raise LookupError(f"missing permissions: {', '.join(sorted(missing))}")
    group.permissions.set(permissions)
    return group

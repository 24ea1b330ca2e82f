"""The "Customer service agent" and "Customer service supervisor" groups: what a
call-centre agent (and the agent's supervisor) needs, ready to assign.

Created by data migrations; ``ensure_customer_service_group`` is also what the demo data
and the tests call, so the groups exist even after a database flush. The groups hold
exactly these permissions (an update of the list is applied, not added to).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

CUSTOMER_SERVICE_GROUP = "Customer service agent"
SUPERVISOR_GROUP = "Customer service supervisor"
PERMISSIONS = [
    # Finding, registering and helping customers; acting on their behalf.
    ("customers", "view_customer"),
    ("customers", "add_customer"),
    ("customers", "change_customer"),
    ("customers", "create_order_on_behalf_of"),
    ("customers", "view_customeraddress"),
    ("customers", "view_customerpaymentinstrument"),
    ("customers", "view_order"),
    ("customers", "view_basket"),
    # Notes: read and add; never change or delete (the history is append-only).
    ("customers", "view_customernote"),
    ("customers", "add_customernote"),
    # Wish lists and registries, read-only.
    ("productlists", "view_customerproductlist"),
    ("productlists", "view_customerproductlistitem"),
    ("productlists", "view_customerproductlistitempurchase"),
    ("productlists", "view_product"),
    # The audit log: the agent's own entries.
    ("accounts", "view_agentauditentry"),
]
SUPERVISOR_PERMISSIONS = [*PERMISSIONS, ("accounts", "view_all_agentauditentry")]


def ensure_group(name, permissions, apps=global_apps):
    """The group ``name`` holding exactly ``permissions`` (``apps``: a migration's
    historical apps, or the project's). Permissions are normally created after migrations
    ran (post_migrate); the group needs them now."""
    for app_config in apps.get_app_configs():
        if app_config.label in {app_label for app_label, _ in permissions}:
            models_module = getattr(app_config, "models_module", None)
            app_config.models_module = models_module or True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in permissions
        ]
    )
    return group


def ensure_customer_service_group(apps=global_apps):
    return ensure_group(CUSTOMER_SERVICE_GROUP, PERMISSIONS, apps)


def ensure_supervisor_group(apps=global_apps):
    return ensure_group(SUPERVISOR_GROUP, SUPERVISOR_PERMISSIONS, apps)

"""The "Customer service agent" group: what a call-centre agent needs, ready to assign.

Created by a data migration; ``ensure_customer_service_group`` is also what the demo data
and the tests call, so the group exists even after a database flush.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

CUSTOMER_SERVICE_GROUP = "Customer service agent"
PERMISSIONS = [
    ("customers", "view_customer"),
    ("customers", "add_customer"),
    ("customers", "change_customer"),
    ("customers", "create_order_on_behalf_of"),
    ("customers", "view_customeraddress"),
    ("customers", "view_customerpaymentinstrument"),
    ("customers", "view_order"),
    ("customers", "view_basket"),
]


def ensure_customer_service_group(apps=global_apps):
    """The group with its permissions (``apps``: a migration's historical apps, or the
    project's). Permissions are normally created after migrations ran (post_migrate); the
    group needs them now."""
    for app_config in apps.get_app_configs():
        if app_config.label in {app_label for app_label, _ in PERMISSIONS}:
            models_module = getattr(app_config, "models_module", None)
            app_config.models_module = models_module or True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CUSTOMER_SERVICE_GROUP)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PERMISSIONS
        )
    )
    return group

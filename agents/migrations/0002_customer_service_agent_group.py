"""The "Customer service agent" group: what a call-centre agent needs, ready to assign."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Customer service agent"
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


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate); the
    # group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("customers", "0003_alter_customer_options"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

"""The "Customer service agent" group (agents.groups)."""

from django.db import migrations

from agents.groups import CUSTOMER_SERVICE_GROUP, ensure_group

#: The group as first created (later migrations change it; agents.groups has today's).
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
    ensure_group(CUSTOMER_SERVICE_GROUP, PERMISSIONS, apps)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CUSTOMER_SERVICE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agents", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("customers", "0003_alter_customer_options"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

"""The "Customer service agent" group (agents.groups)."""

from django.db import migrations

from agents.groups import CUSTOMER_SERVICE_GROUP, ensure_customer_service_group


def create_group(apps, schema_editor):
    ensure_customer_service_group(apps)


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

"""The agent's workspace: the "Customer service agent" group holds what the job needs
(notes, product lists read, its own audit entries); the "Customer service supervisor"
group adds everyone's audit entries (agents.groups)."""

from importlib import import_module

from django.db import migrations

from agents.groups import (
    CUSTOMER_SERVICE_GROUP,
    SUPERVISOR_GROUP,
    ensure_customer_service_group,
    ensure_group,
    ensure_supervisor_group,
)

#: What the agent group held before (reversing restores it).
EARLIER_PERMISSIONS = import_module(
    "agents.migrations.0002_customer_service_agent_group"
).PERMISSIONS


def update_groups(apps, schema_editor):
    ensure_customer_service_group(apps)
    ensure_supervisor_group(apps)


def restore_groups(apps, schema_editor):
    ensure_group(CUSTOMER_SERVICE_GROUP, EARLIER_PERMISSIONS, apps)
    apps.get_model("auth", "Group").objects.filter(name=SUPERVISOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agents", "0003_move_audit_log_to_accounts"),
        ("accounts", "0004_audit_customer_label_supervisors"),
        ("customers", "0012_workspace_notes_phone_search"),
        ("productlists", "0001_initial"),
    ]

    operations = [migrations.RunPython(update_groups, restore_groups)]

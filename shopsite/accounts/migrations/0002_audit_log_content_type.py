"""The audit log's content type follows the model: ``agents.agentauditentry`` becomes
``accounts.agentauditentry``.

Renaming the row keeps its permissions (``view_agentauditentry``, ...) with every group
and user that holds them, and the admin history pointing at it. If both rows exist
already (a ``post_migrate`` ran in between), the holders of the old permissions are given
the new ones and the old row is left for ``remove_stale_contenttypes``.
"""

from django.conf import settings
from django.db import migrations

MODEL = "agentauditentry"


def move_content_type(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    old = ContentType.objects.filter(app_label=old_label, model=MODEL).first()
    if old is None:
        return  # a new database: post_migrate creates the new one
    new = ContentType.objects.filter(app_label=new_label, model=MODEL).first()
    if new is None:
        old.app_label = new_label
        old.save(update_fields=["app_label"])
        return
    for old_permission in Permission.objects.filter(content_type=old):
        permission, _ = Permission.objects.get_or_create(
            content_type=new,
            codename=old_permission.codename,
            defaults={"name": old_permission.name},
        )
        for group in Group.objects.filter(permissions=old_permission):
            group.permissions.add(permission)
        if any(field.name == "user_permissions" for field in User._meta.get_fields()):
            for user in User.objects.filter(user_permissions=old_permission):
                user.user_permissions.add(permission)


def forwards(apps, schema_editor):
    move_content_type(apps, "agents", "accounts")


def backwards(apps, schema_editor):
    move_content_type(apps, "accounts", "agents")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

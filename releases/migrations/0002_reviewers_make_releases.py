"""Reviewers make releases; editors and reviewers see them in the admin."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="releases")
    }
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(permissions["add_release"], permissions["view_release"])
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(permissions["view_release"])


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    releases = Permission.objects.filter(content_type__app_label="releases")
    for group in Group.objects.filter(name__in=["Reviewers", "Editors"]):
        group.permissions.remove(*releases)


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0001_release"),
        ("casestudies", "0005_reviewers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

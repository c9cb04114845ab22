"""Create the Reviewers group and keep publishing and verification out of Editors.

Reviewers can do everything editors do, and also publish, unpublish and schedule
topics and case studies, and mark citations verified or disputed.
"""

from django.db import migrations

EDITOR_MODELS = {
    "topics": ["topic", "source", "citation"],
    "casestudies": ["casestudy", "actor", "participation"],
}
ACTIONS = ["add", "change", "delete", "view"]
REVIEWER_ONLY = {
    "topics": ["publish_topic", "verify_citation"],
    "casestudies": ["publish_casestudy"],
}


def _permissions(Permission, codenames_by_app):
    from django.db.models import Q

    query = Q(pk__in=[])
    for app_label, codenames in codenames_by_app.items():
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return Permission.objects.filter(query)


def create_reviewers_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curation = {
        app: [f"{action}_{model}" for model in models for action in ACTIONS]
        for app, models in EDITOR_MODELS.items()
    }
    reviewer_only = _permissions(Permission, REVIEWER_ONLY)

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.remove(*reviewer_only)

    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.set(
        [*_permissions(Permission, curation), *reviewer_only]
    )


def remove_reviewers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0004_publish_permission_review_by"),
        ("topics", "0002_workflow_transitions_slug_history_review_by"),
    ]

    operations = [migrations.RunPython(create_reviewers_group, remove_reviewers_group)]

"""Transition and SlugHistory move here from topics, keeping their tables and rows.

The tables were created by topics 0002; this migration only adopts them in the
migration state (and moves their content types, so permissions follow), then
renames the tables to this app's names.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("transition", "slughistory")


def move_content_types(apps, schema_editor, source="topics", target="editorial"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=source, model=model).update(
            app_label=target
        )


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="editorial", target="topics")


STATUS_CHOICES = [
    ("draft", "Draft"),
    ("in_review", "In review"),
    ("published", "Published"),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("topics", "0002_workflow_transitions_slug_history_review_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SlugHistory",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("old_slug", models.SlugField(max_length=200)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                    ],
                    options={
                        "verbose_name_plural": "slug history",
                        "db_table": "topics_slughistory",
                        "constraints": [models.UniqueConstraint(fields=("content_type", "old_slug"), name="slughistory_unique_old_slug")],
                    },
                ),
                migrations.CreateModel(
                    name="Transition",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("from_status", models.CharField(choices=STATUS_CHOICES, max_length=16)),
                        ("to_status", models.CharField(choices=STATUS_CHOICES, max_length=16)),
                        ("publish_at", models.DateTimeField(blank=True, null=True)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("note", models.CharField(blank=True, max_length=300)),
                        ("by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
                    ],
                    options={
                        "ordering": ["-at", "-pk"],
                        "db_table": "topics_transition",
                        "indexes": [models.Index(fields=["content_type", "object_id", "at"], name="topics_tran_content_9f78e2_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

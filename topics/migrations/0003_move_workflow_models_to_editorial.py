"""Transition and SlugHistory now belong to the editorial app (its 0001 adopts them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0002_workflow_transitions_slug_history_review_by"),
        ("editorial", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SlugHistory"),
                migrations.DeleteModel(name="Transition"),
            ],
            database_operations=[],
        ),
    ]

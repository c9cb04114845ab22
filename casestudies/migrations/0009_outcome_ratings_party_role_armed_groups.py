"""Outcome becomes a judgement: "ongoing" was a status, already told by the end year.

Cases rated "ongoing" become "too early to judge" until an editor judges them;
going back, the two ratings without an old equivalent become "ongoing" again,
parties to a conflict become adversaries and armed groups non-governmental
organizations (the nearest of the old choices).
"""

from django.db import migrations, models

NEW_FOR_ONGOING = "too_early"
WITHOUT_OLD_EQUIVALENT = ("too_early", "not_assessed")


def ongoing_to_too_early(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseStudy.objects.filter(outcome="ongoing").update(outcome=NEW_FOR_ONGOING)


def new_ratings_to_ongoing(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseStudy.objects.filter(outcome__in=WITHOUT_OLD_EQUIVALENT).update(
        outcome="ongoing"
    )
    # The new role and actor kind have no exact old equivalent: the nearest.
    Participation = apps.get_model("casestudies", "Participation")
    Participation.objects.filter(role="party").update(role="adversary")
    Actor = apps.get_model("casestudies", "Actor")
    Actor.objects.filter(kind="armed_group").update(kind="ngo")


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0008_list_and_facet_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actor",
            name="kind",
            field=models.CharField(
                choices=[
                    ("state", "State"),
                    ("alliance", "Alliance or coalition"),
                    ("international_org", "International organization"),
                    ("regional_org", "Regional organization"),
                    ("ngo", "Non-governmental organization"),
                    ("armed_group", "Non-state armed group"),
                ],
                db_index=True,
                max_length=32,
            ),
        ),
        migrations.AlterField(
            model_name="casestudy",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("success", "Success"),
                    ("mixed", "Mixed"),
                    ("failure", "Failure"),
                    ("too_early", "Too early to judge"),
                    ("not_assessed", "Not assessed"),
                ],
                db_index=True,
                help_text="A judgement, not a status: an ongoing case has no end year.",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="role",
            field=models.CharField(
                choices=[
                    ("lead", "Lead"),
                    ("partner", "Partner"),
                    ("mediator", "Mediator"),
                    ("host", "Host"),
                    ("adversary", "Adversary"),
                    ("party", "Party to the conflict"),
                ],
                max_length=16,
            ),
        ),
        migrations.RunPython(ongoing_to_too_early, new_ratings_to_ongoing),
    ]

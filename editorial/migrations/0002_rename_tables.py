# Renames the adopted tables to this app's own names.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='slughistory',
            table=None,
        ),
        migrations.AlterModelTable(
            name='transition',
            table=None,
        ),
    ]

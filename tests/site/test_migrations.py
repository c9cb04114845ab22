from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_changes_lack_a_migration():
    out = StringIO()
    call_command(
        "makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO()
    )

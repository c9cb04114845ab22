"""A value the database cannot store is the client's error: 400, not 500."""

import pytest


@pytest.mark.django_db
def test_a_nul_character_in_a_lookup_is_a_400(editor_api_client):
    # PostgreSQL refuses NUL in text before the query runs (DataError).
    response = editor_api_client.post(
        "/api/v1/citations/",
        {"topic": "peace\x00keeping", "source": "x", "claim": "c"},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"

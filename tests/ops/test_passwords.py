"""Passwords: Argon2 for new hashes, old PBKDF2 hashes still accepted, 12+ characters."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

import milidip_site.settings as production
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

PRODUCTION_HASHING = override_settings(
    PASSWORD_HASHERS=production.PASSWORD_HASHERS,
    AUTH_PASSWORD_VALIDATORS=production.AUTH_PASSWORD_VALIDATORS,
)


@PRODUCTION_HASHING
def test_new_passwords_are_hashed_with_argon2():
    assert make_password("a long enough passphrase").startswith("argon2$argon2id$")


@PRODUCTION_HASHING
def test_an_old_pbkdf2_hash_still_logs_in_and_is_upgraded_to_argon2():
    editor = EditorFactory()
    # Few iterations, to keep the test fast; verifying reads them from the hash.
    editor.password = PBKDF2PasswordHasher().encode(
        "an old passphrase here", "oldsalt1234", iterations=1000
    )
    editor.save()
    response = Client().post(
        "/admin/login/",
        {"username": editor.username, "password": "an old passphrase here"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.password.startswith("argon2$")


@PRODUCTION_HASHING
def test_passwords_shorter_than_12_characters_are_refused():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Zq8#vLm2!pW")  # 11 characters
    validate_password("Zq8#vLm2!pWx")  # 12 characters: accepted


@PRODUCTION_HASHING
def test_common_and_similar_passwords_are_still_refused():
    editor = EditorFactory(username="marguerite.dupont")
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")
    with pytest.raises(ValidationError, match="too similar"):
        validate_password("marguerite.dupont", user=editor)

"""Settings for the test suite: production-like (DEBUG off), fast hashing."""

import os

# The suite is production-like whatever a developer's local .env says.
os.environ["DJANGO_ENV_FILE"] = ""
os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-only-" + "x" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Serve static files from the finders: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Generous limits so throttling never gets in the way; tests/api/test_throttling.py
# lowers them to check the 429.
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
}
# Tasks run eagerly in the suite whatever broker the environment names;
# tests/ops/test_celery_worker.py runs a real worker on its own broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"  # never a real broker
CELERY_RESULT_BACKEND = "cache+memory://"
# Tests run in transactions that never commit, so content changes would not renew
# the page cache's version: tests/site/test_page_cache.py turns it on itself.
PAGE_CACHE_ENABLED = False

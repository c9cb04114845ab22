"""Seed a scratch database for the concurrent-writes test.

Run as ``manage.py shell -c "from tests.ops.seed_concurrency import seed; seed()"``;
prints the editors' API tokens as JSON.
"""

import json

EDITORS = 5
WRITES_PER_EDITOR = 20


def seed() -> None:
    from django.contrib.auth.models import Group, User

    from tests.ops.servers import create_api_token
    from topics.models import Reliability, Source, SourceKind

    editors = Group.objects.get(name="Editors")
    tokens = []
    for e in range(EDITORS):
        user = User.objects.create_user(f"editor{e}", password="x", is_staff=True)
        user.groups.add(editors)
        tokens.append(create_api_token(user))
    Source.objects.bulk_create(
        Source(
            title=f"Source {e}-{i}",
            slug=f"source-{e}-{i}",
            kind=SourceKind.values[0],
            reliability=Reliability.values[0],
        )
        for e in range(EDITORS)
        for i in range(WRITES_PER_EDITOR)
    )
    print(json.dumps(tokens))

#!/usr/bin/env python3
"""Migrate a seeded scratch database back and forward again and check nothing is lost.

    .venv/bin/python scripts/migration_roundtrip.py sqlite:////tmp/roundtrip.sqlite3
    .venv/bin/python scripts/migration_roundtrip.py \\
        postgres://postgres@127.0.0.1:5432/milidip_roundtrip

The database named is made afresh (the SQLite file is deleted, the PostgreSQL
database dropped and created) and removed at the end: never name one you keep.

1. ``migrate``, ``load_demo_content``, then count the rows of every table.
2. Roll the project's own apps back to their initial migrations, so that every later
   migration, data migrations included, is reversed on populated tables. Every
   text value must still fit its column and its choices as they were then.
   Migrate forward again: every table has the rows it had.
3. Roll every app back to zero (all tables dropped) and forward again, reload
   the seed content: every table has as many rows as in step 1.

Exits non-zero, naming the table or migration, when a step fails.
"""

import argparse
import os
import secrets
import sys
import traceback
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def reset_database(url: str, *, create: bool) -> None:
    """Drop the scratch database, and create it empty again when asked."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        Path(parts.path[1:]).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = sql.Identifier(parts.path.lstrip("/"))
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            db.execute(sql.SQL("CREATE DATABASE {}").format(name))


def setup_django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_ENV_FILE"] = ""  # only what this command line says
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milidip_site.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()


def table_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        skipped = {"django_migrations"}
        if connection.vendor == "sqlite":
            # The full-text index's own storage: its row counts vary with merges.
            cursor.execute("PRAGMA table_list")
            skipped |= {row[1] for row in cursor.fetchall() if row[2] == "shadow"}
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            if name in skipped:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def project_apps() -> list[str]:
    """The app labels whose migrations live in this repository."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migrated = MigrationLoader(connection).migrated_apps
    venv = ROOT / ".venv"
    return sorted(
        config.label
        for config in apps.get_app_configs()
        if config.label in migrated
        and Path(config.path).is_relative_to(ROOT)
        and not Path(config.path).is_relative_to(venv)
    )


def values_that_do_not_fit(app_labels: list[str]) -> list[str]:
    """Text values too long for their column, or not among its choices, as of the
    migrations applied now (SQLite does not enforce a column's length)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.models import CharField, Q
    from django.db.models.functions import Length

    loader = MigrationLoader(connection)
    state = loader.project_state(tuple(loader.applied_migrations))
    problems = []
    for model in state.apps.get_models():
        if model._meta.app_label not in app_labels:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, CharField):
                continue
            rows = model._base_manager.all()
            if field.max_length:
                too_long = rows.annotate(_length=Length(field.attname)).filter(
                    _length__gt=field.max_length
                )
                if too_long.exists():
                    problems.append(
                        f"{model._meta.db_table}.{field.column}: "
                        f"{too_long.count()} value(s) longer than {field.max_length}"
                    )
            if field.choices:
                allowed = [value for value, _label in field.flatchoices]
                unknown = rows.exclude(Q(**{f"{field.attname}__in": allowed}))
                unknown = unknown.exclude(**{field.attname: ""})
                if unknown.exists():
                    values = sorted(set(unknown.values_list(field.attname, flat=True)))
                    problems.append(
                        f"{model._meta.db_table}.{field.column}: {values} not among "
                        "the choices of that time"
                    )
    return problems


def initial_migrations(app_labels: list[str]) -> dict[str, str]:
    """Each app's last migration marked ``initial`` (an initial schema may be split
    in two where apps refer to each other)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connection).graph
    targets = {}
    for label in app_labels:
        names = sorted(name for app, name in graph.nodes if app == label)
        initial = [name for name in names if graph.nodes[label, name].initial]
        targets[label] = (initial or names)[-1 if initial else 0]
    return targets


def compare(label: str, before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [
        f"{label}: {table} has {after.get(table)} rows, expected {count}"
        for table, count in before.items()
        if after.get(table) != count
    ] + [f"{label}: unexpected table {table}" for table in after.keys() - before.keys()]


def roundtrip(verbosity: int) -> list[str]:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    def say(message: str) -> None:
        print(message, flush=True)

    quiet = {"verbosity": max(verbosity - 1, 0), "interactive": False}
    call_command("migrate", **quiet)
    call_command("load_demo_content", verbosity=0)
    seeded = table_counts()
    say(f"Seeded: {sum(seeded.values())} rows in {len(seeded)} tables.")

    apps_here = project_apps()
    initial = initial_migrations(apps_here)
    say("Step 2: back to " + ", ".join(f"{a} {m}" for a, m in initial.items()))
    for label, migration in initial.items():
        call_command("migrate", label, migration, **quiet)
    problems = values_that_do_not_fit(apps_here)
    call_command("migrate", **quiet)
    problems += compare(
        "back to the initial migrations and forward", seeded, table_counts()
    )

    every_app = sorted(MigrationLoader(connection).migrated_apps)
    say("Step 3: every app back to zero: " + ", ".join(every_app))
    for label in every_app:
        call_command("migrate", label, "zero", **quiet)
    left = set(connection.introspection.table_names()) - {"django_migrations"}
    if left:
        problems.append(f"tables left after migrating to zero: {sorted(left)}")
    call_command("migrate", **quiet)
    call_command("load_demo_content", verbosity=0)
    problems += compare("zero and forward, seed reloaded", seeded, table_counts())
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url", help="a scratch database; it is replaced")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("-v", "--verbosity", type=int, default=1)
    options = parser.parse_args()

    reset_database(options.database_url, create=True)
    try:
        setup_django(options.database_url)
        problems = roundtrip(options.verbosity)
    except Exception as error:
        traceback.print_exc()
        problems = [f"a migration failed: {type(error).__name__}: {error}"]
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            reset_database(options.database_url, create=False)
    if problems:
        print("Migration round trip FAILED:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print("Migration round trip passed: every migration reversed on populated tables.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Database triggers that keep ``search_document`` in step with the content tables.

Triggers rather than Django signals, so that every write path (admin, API,
``loaddata``, ``QuerySet.update()``, raw SQL) updates the index. The migration
creates the table; the triggers are (re)installed and the index rebuilt after
every ``migrate``, because SQLite drops a table's triggers when a later
migration rebuilds that table.
"""

from django.db import connections

from .registry import SLOTS, IndexedModel, indexed

TABLE = "search_document"


COLUMNS = "rowid, kind, object_id, slug, title, body"


def _sqlite_statements(item: IndexedModel) -> list[str]:
    name = f"search_{item.kind}"
    insert = f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({item.values('NEW')});"
    delete = f"DELETE FROM {TABLE} WHERE rowid = OLD.id * {SLOTS} + {item.code};"
    watched = ", ".join(["id", "slug", item.title, *item.body])
    return [
        f"DROP TRIGGER IF EXISTS {name}_insert",
        f"DROP TRIGGER IF EXISTS {name}_update",
        f"DROP TRIGGER IF EXISTS {name}_delete",
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {item.table} BEGIN {insert} END",
        f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {item.table} "
        f"BEGIN {delete} {insert} END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {item.table} BEGIN {delete} END",
    ]


def _postgresql_statements(item: IndexedModel) -> list[str]:
    sync, clear = f"search_sync_{item.kind}", f"search_clear_{item.kind}"
    return [
        f"""CREATE OR REPLACE FUNCTION {sync}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM {TABLE} WHERE rowid = OLD.id * {SLOTS} + {item.code};
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO {TABLE} ({COLUMNS}) VALUES ({item.values("NEW")});
            END IF;
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION {clear}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM {TABLE} WHERE kind = '{item.kind}';
            RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS {sync} ON {item.table}",
        f"DROP TRIGGER IF EXISTS {clear} ON {item.table}",
        f"CREATE TRIGGER {sync} AFTER INSERT OR UPDATE OR DELETE ON {item.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {sync}()",
        # Django's flush (between transactional tests) truncates tables.
        f"CREATE TRIGGER {clear} AFTER TRUNCATE ON {item.table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {clear}()",
    ]


def install(using: str = "default") -> None:
    """(Re)create the triggers and rebuild the index from the content tables."""
    connection = connections[using]
    statements = (
        _postgresql_statements
        if connection.vendor == "postgresql"
        else _sqlite_statements
    )
    with connection.cursor() as cursor:
        for item in indexed():
            for statement in statements(item):
                cursor.execute(statement)
        rebuild(cursor)


def rebuild(cursor) -> None:
    """Replace every index row with one freshly read from the content tables."""
    cursor.execute(f"DELETE FROM {TABLE}")
    for item in indexed():
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) "
            f"SELECT {item.values(item.table)} FROM {item.table}"
        )


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate hook: install once the index and content tables all exist."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if {TABLE, *(item.table for item in indexed())} <= tables:
        install(using)

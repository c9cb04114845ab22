"""Database router that keeps derived tables out of dumpdata and loaddata.

``search.SearchDocument`` rows are written only by the database triggers that
mirror the content tables (see the search app's ``index.py``). Django dumps
unmanaged models too, but the index cannot be serialized (on SQLite it is an
FTS5 table without the PostgreSQL-only ``vector`` column) and loading it would
clash with the rows the triggers have already written. ``dumpdata`` and
``loaddata`` both skip models that the router does not allow on a database, so
a whole-site dump leaves the index out and loading it rebuilds the index
through the triggers.
"""

DERIVED_MODELS = {("search", "searchdocument")}


class DerivedDataRouter:
    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Without a model name (RunPython, RunSQL) the migration still runs, so the
        # search migration creates and drops the table and its triggers.
        if model_name and (app_label, model_name.lower()) in DERIVED_MODELS:
            return False
        return None

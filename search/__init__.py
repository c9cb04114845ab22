"""Full-text search across topics, case studies, sources and actors.

One index table, ``search_document``, holds a row per searchable object and is
kept in sync by database triggers (see ``index.py``): an FTS5 virtual table on
SQLite, a table with a weighted ``tsvector`` column and a GIN index on
PostgreSQL. ``backends.py`` queries it the same way on both and returns hits
only for what the public may see.
"""

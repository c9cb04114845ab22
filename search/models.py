from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One searchable object, written only by the database triggers in index.py.

    ``rowid`` is ``object_id * 4 + kind code`` (see registry.py), so each object has exactly one
    row and the triggers find it by key. ``vector`` exists on PostgreSQL only;
    queries name the columns they read.
    """

    rowid = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=16)
    object_id = models.BigIntegerField()
    slug = models.CharField(max_length=200)
    title = models.TextField()
    body = models.TextField()
    vector = SearchVectorField(null=True)

    class Meta:
        managed = False
        db_table = "search_document"

    def __str__(self):
        return f"{self.kind}: {self.title}"

from django.apps import AppConfig


class TopicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "topics"
    verbose_name = "Topics and sources"

    def ready(self):
        from search.registry import IndexedModel, register

        from .models import Source, Topic

        register(
            IndexedModel(
                kind="topic",
                code=0,
                label="Topic",
                model=Topic,
                title="title",
                body=("summary", "body"),
                url_name="topics:detail",
                publishable=True,
                provenance=True,
            )
        )
        register(
            IndexedModel(
                kind="source",
                code=2,
                label="Source",
                model=Source,
                title="title",
                body=("authors", "publisher", "identifier", "note"),
                url_name="topics:source-detail",
            )
        )

from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casestudies"
    verbose_name = "Case studies and actors"

    def ready(self):
        from search.registry import IndexedModel, register

        from .models import Actor, CaseStudy

        register(
            IndexedModel(
                kind="case_study",
                code=1,
                label="Case study",
                model=CaseStudy,
                title="title",
                body=("summary", "body"),
                url_name="casestudies:detail",
                publishable=True,
                provenance=True,
            )
        )
        register(
            IndexedModel(
                kind="actor",
                code=3,
                label="Actor",
                model=Actor,
                title="name",
                body=("description",),
                url_name="casestudies:actor-detail",
            )
        )

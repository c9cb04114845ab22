from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from .index import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self)

from django.contrib.admin.apps import AdminConfig


class MilidipAdminConfig(AdminConfig):
    """The Django admin, with the curation dashboard as its site."""

    default_site = "milidip_site.admin_site.MilidipAdminSite"

    def ready(self):
        super().ready()  # imports every app's admin module
        from django.contrib import admin

        from .api.token_admin import register

        register(admin.site)
        from . import count_cache, security_log

        security_log.connect()
        count_cache.connect()
        from . import content_version

        content_version.connect()

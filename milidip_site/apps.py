from django.contrib.admin.apps import AdminConfig


class MilidipAdminConfig(AdminConfig):
    """The Django admin, with the curation dashboard as its site."""

    default_site = "milidip_site.admin_site.MilidipAdminSite"

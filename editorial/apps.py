from django.apps import AppConfig


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self):
        from django.db.models.signals import post_delete

        from .drafts import forget_pending_changes

        post_delete.connect(forget_pending_changes, dispatch_uid="forget_pending")

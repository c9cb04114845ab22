from django.apps import AppConfig, apps


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self):
        from django.db.models.signals import post_delete

        from .drafts import forget_pending_changes

        # Only the models that keep drafts: a receiver for every sender would
        # stop Django's fast bulk deletes everywhere.
        for model in apps.get_models():
            if getattr(model, "draft_children", None) is not None:
                post_delete.connect(
                    forget_pending_changes,
                    sender=model,
                    dispatch_uid=f"forget_pending_{model._meta.label_lower}",
                )

"""Editorial tasks, where Celery's autodiscovery looks for them."""

from .notifications import send_workflow_email

__all__ = ["send_workflow_email"]

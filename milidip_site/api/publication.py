"""The one place that decides who may change a topic's or case study's status via the API."""


def validate_status_change(user, instance, new_status: str) -> None:
    """Raise ``rest_framework.exceptions.ValidationError`` to refuse a status change.

    ``instance`` is None when creating. Every status change is allowed for now:
    the model permissions checked before this already limit writes to editors.
    """

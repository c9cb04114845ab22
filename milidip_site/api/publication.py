"""The one place that decides who may change a topic's or case study's status via the API.

It applies the editorial workflow (editorial.workflow) to API writes, so an
editor's token can submit for review but not publish, exactly as in the admin.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

from editorial.workflow import check_status_change


def validate_status_change(
    user, instance, new_status: str, new_publish_at=None, *, model=None
) -> None:
    """Raise 403 or 400 when `user` may not give the item this status or publish-at time.

    ``instance`` is None when creating; ``model`` then names what is created.
    """
    target = instance if instance is not None else model()
    try:
        check_status_change(
            user=user, instance=target, status=new_status, publish_at=new_publish_at
        )
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied(str(error)) from error
    except DjangoValidationError as error:
        raise exceptions.ValidationError(error.message_dict) from error

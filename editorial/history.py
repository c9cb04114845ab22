"""Object-level permission checks on the history pages reversion adds to an admin.

django-reversion and reversion-compare add history, revision (revert), recover
and compare pages. Some check only model-level permissions and the compare page
none at all, so any staff member could read any version, drafts included, by
counting version ids. Every such page now asks the admin for the permission on
the object itself: viewing the history list needs view or change permission,
reading or restoring a version's content needs change permission.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from reversion.models import Version


class HistoryPermissionMixin:
    """Use before CompareVersionAdmin (or VersionAdmin) in the bases."""

    def _check_object_permission(self, request, object_id, has_permission):
        # Refuse before looking the object up, so ids reveal nothing.
        if not has_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(
                f"No {self.model._meta.verbose_name} with id “{unquote(object_id)}”."
            )
        if not has_permission(request, obj):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        self._check_object_permission(
            request, object_id, self.has_view_or_change_permission
        )
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self._check_object_permission(request, object_id, self.has_change_permission)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._check_object_permission(request, object_id, self.has_change_permission)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not (
            self.has_change_permission(request) and self.has_add_permission(request)
        ):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not (
            self.has_change_permission(request) and self.has_add_permission(request)
        ):
            raise PermissionDenied
        # Only versions of this admin's model: an id of another model's version
        # must not render through this admin's form.
        get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        return super().recover_view(request, version_id, extra_context)

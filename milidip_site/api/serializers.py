"""Serializer pieces shared by the apps' API: links, and the model's own rules."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import _reverse
from rest_framework.settings import api_settings

from editorial.models import PublicationStatus, publish_at_or_now
from editorial.workflow import record_transition

from .publication import validate_status_change


@extend_schema_field(OpenApiTypes.URI)
class SiteURLField(serializers.Field):
    """The object's page on the reader site, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", "The page for readers on the site.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = value.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class ObjectLinkField(serializers.HyperlinkedIdentityField):
    """The object's own address: never with the request's ``?format=``.

    (DRF copies ``format`` into links; a CSV row would then link to CSV.)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.reverse = _reverse


def api_link(view_name: str, request, **kwargs) -> str:
    """An absolute API address, without the request's ``?format=`` (see above)."""
    return _reverse(view_name, request=request, kwargs=kwargs or None)


def api_url_field(view_name: str, lookup_field: str = "slug"):
    return ObjectLinkField(
        view_name=f"api:{view_name}",
        lookup_field=lookup_field,
        help_text="This object in the API.",
    )


class StrictStringMixin:
    """A string field that takes only JSON strings, as the schema says (not 0 or 1.5)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    pass


class StrictSlugField(StrictStringMixin, serializers.SlugField):
    pass


class StrictURLField(StrictStringMixin, serializers.URLField):
    pass


class StrictEmailField(StrictStringMixin, serializers.EmailField):
    pass


class SlugRelatedField(serializers.SlugRelatedField):
    """A related object by its slug: a string naming one, or null where allowed.

    DRF would take an empty string for null; the schema says a slug, so "" is a 400.
    """

    default_error_messages = {"blank": "Give a slug (or null where allowed)."}

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ModelRulesSerializer(serializers.ModelSerializer):
    """Validate writes with the model's ``full_clean()``.

    The API then refuses exactly what the admin refuses (cycles in the topic
    tree, an end year before the start year, a citation with two targets…) with
    the same messages, reported per field. Text fields take only strings.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.URLField: StrictURLField,
        models.EmailField: StrictEmailField,
    }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many_to_many = {f.name for f in model._meta.many_to_many}
        concrete = {f.name for f in model._meta.concrete_fields}
        instance = copy.copy(self.instance) if self.instance else model()
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=many_to_many)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY
                    if key == NON_FIELD_ERRORS
                    else key: messages
                    for key, messages in error.message_dict.items()
                }
            ) from error
        return attrs


class PublishableSerializer(ModelRulesSerializer):
    """A topic or case study: status changes pass the publication hook."""

    def validate(self, attrs):
        previous = self.instance.status if self.instance else None
        status = attrs.get("status", previous or PublicationStatus.DRAFT)
        if status != previous or "publish_at" in attrs:
            request = self.context.get("request")
            validate_status_change(
                getattr(request, "user", None),
                self.instance,
                status,
                attrs.get("publish_at"),
                model=self.Meta.model,
            )
        if "status" in attrs:
            publish_at = attrs.get("publish_at")
            if "publish_at" not in attrs and self.instance is not None:
                publish_at = self.instance.publish_at
            publish_at = publish_at_or_now(attrs["status"], publish_at)
            if publish_at is not None:
                attrs["publish_at"] = publish_at
        return super().validate(attrs)

    def create(self, validated_data):
        instance = super().create(validated_data)
        self._record_transition(instance, PublicationStatus.DRAFT, None)
        return instance

    def update(self, instance, validated_data):
        before = (instance.status, instance.publish_at)
        instance = super().update(instance, validated_data)
        self._record_transition(instance, *before)
        return instance

    def _record_transition(self, instance, from_status, from_publish_at):
        request = self.context.get("request")
        record_transition(
            user=getattr(request, "user", None),
            instance=instance,
            from_status=from_status,
            from_publish_at=from_publish_at,
            note="Through the API.",
        )

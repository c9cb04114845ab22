"""The bibliography exports of the source list: BibTeX and CSL-JSON."""

from rest_framework.renderers import BaseRenderer

from milidip_site.api.renderers import offer_as_download

from .references import (
    BIBTEX,
    CSL_JSON,
    dump_csl_json,
    sources_to_bibtex,
    sources_to_csl,
)


class BibTeXRenderer(BaseRenderer):
    media_type = BIBTEX.media_type
    format = BIBTEX.slug
    charset = "utf-8"

    # An empty file would go out without a Content-Type (DRF drops it for an
    # empty body); BibTeX ignores text outside entries.
    EMPTY = "% No sources match.\n"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        offer_as_download(renderer_context, BIBTEX.extension)
        return (sources_to_bibtex(data or []) or self.EMPTY).encode(self.charset)


class CSLJSONRenderer(BaseRenderer):
    media_type = CSL_JSON.media_type
    format = CSL_JSON.slug
    charset = "utf-8"
    # How the schema documents a list served in this format.
    export_schema = {"type": "array", "items": {"type": "object"}}

    def render(self, data, accepted_media_type=None, renderer_context=None):
        offer_as_download(renderer_context, CSL_JSON.extension)
        return dump_csl_json(sources_to_csl(data or [])).encode(self.charset)

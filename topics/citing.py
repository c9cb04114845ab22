"""“Cite this page” for topics and case studies: context and file downloads."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.generic import DetailView

from milidip_site import structured_data

from .corrections import claim_review, corrections_among
from .provenance import assess
from .references import FORMATS, RENDERERS, formatted_reference, page_reference


class CitablePageMixin:
    """Context every citable page shows: reference, downloads, provenance, JSON-LD.

    Built only from `self.object`, so a subclass that widens `get_queryset`
    (a staff preview) renders the same page.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        url = self.request.build_absolute_uri(obj.get_absolute_url())
        reference = page_reference(obj, url=url, accessed=timezone.localdate())
        context["reference"] = formatted_reference(reference)
        context["cite_formats"] = list(FORMATS.values())
        context["provenance"] = assess(obj.citations.all())
        corrections = corrections_among(obj.citations.all())
        context["corrections"] = corrections
        site_url = self.request.build_absolute_uri("/")
        context["json_ld"] = structured_data.json_ld(
            [
                structured_data.article(obj, url=url, about=self.get_about()),
                *(
                    claim_review(c, url=f"{url}#{c.anchor}", site_url=site_url)
                    for c in corrections
                ),
            ]
            if corrections
            else structured_data.article(obj, url=url, about=self.get_about())
        )
        return context

    def get_about(self) -> list[str]:
        return []


class CitationDownloadView(DetailView):
    """One published page's reference as a BibTeX, RIS or CSL-JSON file."""

    def get_queryset(self):
        return self.model.objects.published()

    def get(self, request, *args, **kwargs):
        export = FORMATS.get(kwargs["format"])
        if export is None:
            raise Http404("Unknown citation format.")
        obj = self.get_object()
        url = request.build_absolute_uri(obj.get_absolute_url())
        reference = page_reference(obj, url=url, accessed=timezone.localdate())
        response = HttpResponse(
            RENDERERS[export.slug](reference), content_type=export.content_type
        )
        response["Content-Disposition"] = (
            f'attachment; filename="milidip-{obj.slug}.{export.extension}"'
        )
        return response

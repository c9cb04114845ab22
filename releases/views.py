"""/data/: the releases, each with its notes, download and “Cite this release”."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from milidip_site import structured_data

from .citing import CITE_FORMATS, WRITERS, dataset, formatted
from .models import Release
from .tables import TABLES

TABLE_TITLES = {table.name: table.title for table in TABLES}


class ReleaseContextMixin:
    def release_context(self, release) -> dict:
        url = self.request.build_absolute_uri(release.get_absolute_url())
        download = self.request.build_absolute_uri(release.get_download_url())
        return {
            "reference": formatted(release, url),
            "json_ld": structured_data.json_ld(
                dataset(release, url=url, download_url=download)
            ),
        }


def counts_of(release) -> list[tuple[str, int]]:
    return [(TABLE_TITLES.get(name, name), n) for name, n in release.counts.items()]


class ReleaseListView(ReleaseContextMixin, ListView):
    """Every release, newest first; the newest is described as a schema.org Dataset."""

    template_name = "releases/release_list.html"
    context_object_name = "releases"

    def get_queryset(self):
        return Release.objects.newest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        releases = list(context["releases"])
        for release in releases:
            release.table_counts = counts_of(release)
        context["releases"] = releases
        context["cite_formats"] = CITE_FORMATS
        if releases:
            context.update(self.release_context(releases[0]))
        return context


class ReleaseDetailView(ReleaseContextMixin, DetailView):
    template_name = "releases/release_detail.html"
    context_object_name = "release"
    slug_field = slug_url_kwarg = "version"

    def get_queryset(self):
        return Release.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.release_context(self.object))
        context["table_counts"] = counts_of(self.object)
        context["cite_formats"] = CITE_FORMATS
        context["changes"] = [
            (TABLE_TITLES[name], parts)
            for name, parts in self.object.changes.get("tables", {}).items()
            if name in TABLE_TITLES and any(parts.values())
        ]
        context["corrections"] = self.object.changes.get("corrections", [])
        return context


@require_safe
def download(request, version):
    """The release's zip file, read through the storage it is kept in."""
    release = get_object_or_404(Release, version=version)
    try:
        stored = release.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("The release's file is not available.") from error
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=release.filename,
        content_type="application/zip",
    )
    response["ETag"] = f'"{release.sha256}"'
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
def cite(request, version, format):
    writer = WRITERS.get(format)
    if writer is None:
        raise Http404("Unknown citation format.")
    release = get_object_or_404(Release, version=version)
    export = next(f for f in CITE_FORMATS if f.slug == format)
    url = request.build_absolute_uri(release.get_absolute_url())
    response = HttpResponse(writer(release, url), content_type=export.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="milidip-{release.version}.{export.extension}"'
    )
    return response

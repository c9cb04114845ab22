"""“Cite this release”: a data set reference in BibTeX, RIS and CSL-JSON.

Built with the same writers as the pages' references (topics.references), as
a data set with its version, so a paper names exactly the data it used.
"""

from django.conf import settings
from django.utils.dateformat import format as format_date

from topics.references import (
    BIBTEX,
    CSL_JSON,
    FORMATS,
    RIS,
    _date_parts,
    _ris_line,
    bibtex_entry,
    csl_item,
    dump_csl_json,
)

TITLE = f"{settings.SITE_NAME}: a curated knowledge base on military diplomacy"


def _key(release) -> str:
    return f"milidip-{release.version}"


def formatted(release, url: str) -> str:
    date = format_date(release.created_at, "j F Y")
    return (
        f"{settings.SITE_AUTHOR}. {TITLE}, version {release.version} [data set]. "
        f"{settings.SITE_NAME}, {date}. {url}"
    )


def to_bibtex(release, url: str) -> str:
    created = release.created_at
    return bibtex_entry(
        "dataset",
        _key(release),
        [
            ("title", TITLE),
            ("author", settings.SITE_AUTHOR),
            ("organization", settings.SITE_NAME),
            ("version", release.version),
            ("year", str(created.year)),
            ("date", created.date().isoformat()),
            ("url", url),
            ("note", f"SHA-256 of the zip file: {release.sha256}"),
        ],
        protect={"title", "author"},
    )


def to_ris(release, url: str) -> str:
    created = release.created_at
    lines = [
        _ris_line("TY", "DATA"),
        _ris_line("TI", TITLE),
        _ris_line("AU", settings.SITE_AUTHOR),
        _ris_line("PB", settings.SITE_NAME),
        _ris_line("ET", release.version),
        _ris_line("PY", str(created.year)),
        _ris_line("DA", created.strftime("%Y/%m/%d")),
        _ris_line("UR", url),
        _ris_line("N1", f"SHA-256 of the zip file: {release.sha256}"),
        "ER  - ",
    ]
    return "\r\n".join(lines) + "\r\n"


def to_csl_json(release, url: str) -> str:
    created = release.created_at
    item = csl_item(
        **{
            "id": _key(release),
            "type": "dataset",
            "title": TITLE,
            "author": [{"literal": settings.SITE_AUTHOR}],
            "publisher": settings.SITE_NAME,
            "version": release.version,
            "issued": _date_parts(created.year, created.month, created.day),
            "URL": url,
            "note": f"SHA-256 of the zip file: {release.sha256}",
        }
    )
    return dump_csl_json([item]) + "\n"


WRITERS = {BIBTEX.slug: to_bibtex, RIS.slug: to_ris, CSL_JSON.slug: to_csl_json}
CITE_FORMATS = [FORMATS[slug] for slug in WRITERS]


def dataset(release, *, url: str, download_url: str) -> dict:
    """The release as a schema.org Dataset, with its zip file as a DataDownload."""
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": TITLE,
        "description": (
            "Everything published in Milidip at the time of the release: topics, "
            "case studies, actors, sources and citations, with each source's "
            "reliability and each citation's verification status."
        ),
        "url": url,
        "version": release.version,
        "datePublished": release.created_at.date().isoformat(),
        "license": settings.DATA_RELEASE_LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": settings.SITE_AUTHOR},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "identifier": f"sha256:{release.sha256}",
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": download_url,
                "encodingFormat": "application/zip",
                "contentSize": f"{release.size} B",
                "description": f"SHA-256 {release.sha256}",
            }
        ],
    }

"""The files of a release, zipped: JSON and CSV per table, the bibliography, a
Frictionless Data Package descriptor and the SHA-256 of every file.
"""

import csv
import hashlib
import io
import json
import zipfile
from datetime import datetime

from django.conf import settings

from topics.choices import Reliability
from topics.references import dump_csl_json, sources_to_bibtex, sources_to_csl

from .tables import TABLES, format_datetime

DESCRIPTOR = "datapackage.json"
CHECKSUMS = "checksums.sha256"
BIBTEX_PATH = "bibliography/sources.bib"
CSL_JSON_PATH = "bibliography/sources.csl.json"


def json_path(table_name: str) -> str:
    return f"data/{table_name}.json"


def csv_path(table_name: str) -> str:
    return f"data/{table_name}.csv"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv_bytes(table, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in table.column_names])
    return out.getvalue().encode()


def table_schema(table) -> dict:
    schema = {
        "fields": [
            {
                "name": column.name,
                "type": column.type,
                **({"description": column.description} if column.description else {}),
                **({"constraints": {"required": True}} if column.required else {}),
            }
            for column in table.columns
        ],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": key.column,
                "reference": {
                    # An empty resource name refers to the table itself.
                    "resource": "" if key.table == table.name else key.table,
                    "fields": key.table_column,
                },
            }
            for key in table.foreign_keys
        ]
    return schema


def _license() -> dict:
    return {
        "name": settings.DATA_RELEASE_LICENSE,
        "path": settings.DATA_RELEASE_LICENSE_URL,
        "title": settings.DATA_RELEASE_LICENSE_TITLE,
    }


def _bibliography(rows: list[dict]) -> tuple[bytes, bytes]:
    sources = [
        {**row, "reliability_label": Reliability(row["reliability"]).label}
        for row in rows
    ]
    bibtex = sources_to_bibtex(sources).encode()
    csl = (dump_csl_json(sources_to_csl(sources)) + "\n").encode()
    return bibtex, csl


def descriptor(version: str, created: datetime, files: dict[str, bytes]) -> dict:
    """The Data Package descriptor of the release's files."""
    resources = []
    for table in TABLES:
        for path, fmt, media_type in (
            (csv_path(table.name), "csv", "text/csv"),
            (json_path(table.name), "json", "application/json"),
        ):
            resources.append(
                {
                    # The CSV file is the table's canonical resource; foreign keys
                    # refer to it by the table's name.
                    "name": table.name if fmt == "csv" else f"{table.name}-json",
                    "title": table.title,
                    "path": path,
                    "format": fmt,
                    "mediatype": media_type,
                    "encoding": "utf-8",
                    "bytes": len(files[path]),
                    "hash": f"sha256:{sha256(files[path])}",
                    "schema": table_schema(table),
                }
            )
    for name, path, fmt, media_type in (
        ("bibliography-bibtex", BIBTEX_PATH, "bib", "application/x-bibtex"),
        (
            "bibliography-csl-json",
            CSL_JSON_PATH,
            "json",
            "application/vnd.citationstyles.csl+json",
        ),
    ):
        resources.append(
            {
                "name": name,
                "title": "The cited sources",
                "path": path,
                "format": fmt,
                "mediatype": media_type,
                "encoding": "utf-8",
                "bytes": len(files[path]),
                "hash": f"sha256:{sha256(files[path])}",
            }
        )
    return {
        "name": "milidip",
        "title": f"{settings.SITE_NAME}: a curated knowledge base on military diplomacy",
        "description": (
            "Everything published in Milidip at the time of the release: topics, "
            "case studies, the actors taking part in them, and the sources and "
            "citations every claim rests on, with each source's reliability and "
            "each citation's verification status."
        ),
        "version": version,
        "created": format_datetime(created),
        "licenses": [_license()],
        "contributors": [{"title": settings.SITE_AUTHOR, "role": "author"}],
        "keywords": ["military diplomacy", "defence diplomacy", "case studies"],
        "resources": resources,
    }


def build_files(
    tables: dict[str, list[dict]], *, version: str, created: datetime
) -> dict[str, bytes]:
    """Every file of the release by path, the checksums last."""
    files: dict[str, bytes] = {}
    for table in TABLES:
        rows = tables[table.name]
        files[json_path(table.name)] = _json_bytes(rows)
        files[csv_path(table.name)] = _csv_bytes(table, rows)
    files[BIBTEX_PATH], files[CSL_JSON_PATH] = _bibliography(tables["sources"])
    files[DESCRIPTOR] = _json_bytes(descriptor(version, created, files))
    files[CHECKSUMS] = "".join(
        f"{sha256(data)}  {path}\n" for path, data in sorted(files.items())
    ).encode()
    return files


def zip_files(files: dict[str, bytes], created: datetime) -> bytes:
    """The files in one zip; the same files and time give the same bytes."""
    stamp = created.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in [DESCRIPTOR, *sorted(set(files) - {DESCRIPTOR})]:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return out.getvalue()


def read_tables(archive: zipfile.ZipFile) -> dict[str, list[dict]]:
    """The rows of every table, from a release's zip file."""
    return {
        table.name: json.loads(archive.read(json_path(table.name))) for table in TABLES
    }


def checksum_errors(archive: zipfile.ZipFile) -> list[str]:
    """The files whose SHA-256 differs from the checksums file (or that are missing)."""
    errors = []
    names = set(archive.namelist())
    for line in archive.read(CHECKSUMS).decode().splitlines():
        digest, _, path = line.partition("  ")
        if path not in names:
            errors.append(f"{path}: missing")
        elif sha256(archive.read(path)) != digest:
            errors.append(f"{path}: checksum differs")
    return errors

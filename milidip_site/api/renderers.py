"""Renderers for problem details and CSV list exports."""

import csv
import io

from rest_framework.renderers import BaseRenderer, JSONRenderer

# Spreadsheets run cells starting with these as formulas (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def offer_as_download(renderer_context, extension: str) -> None:
    """Name the file a browser saves, from the view's ``export_filename``."""
    context = renderer_context or {}
    response, view = context.get("response"), context.get("view")
    name = getattr(view, "export_filename", None)
    if response is not None and name and response.status_code == 200:
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"
    format = "problem+json"


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class CSVRenderer(BaseRenderer):
    """One row per object, columns in the serializer's field order."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        serializer = getattr(data, "serializer", None)
        child = getattr(serializer, "child", serializer)
        columns = (
            list(child.fields) if child is not None else list(rows[0] if rows else [])
        )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(column)) for column in columns])
        offer_as_download(renderer_context, "csv")
        return out.getvalue().encode(self.charset)

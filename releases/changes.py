"""What changed since the previous release: the release notes.

Rows are matched by primary key and compared by a hash of their content
(`tables.row_hash`), so a save that changed nothing is no change.
"""

from .tables import BY_NAME, TABLES, row_hash

CORRECTED_STATUSES = {"verified", "disputed"}


def compare(previous: dict[str, list[dict]] | None, current: dict[str, list[dict]]):
    """Added, changed and withdrawn rows per table, and the corrections made.

    A correction is a citation that was in the previous release and is now
    verified or disputed when it was not before.
    """
    previous = previous or {}
    changes = {"tables": {}, "corrections": []}
    for table in TABLES:
        old = {table.key(row): row for row in previous.get(table.name, [])}
        new = {table.key(row): row for row in current.get(table.name, [])}
        changes["tables"][table.name] = {
            "added": [_label(table.name, new[key]) for key in new if key not in old],
            "changed": [
                _label(table.name, new[key])
                for key in new
                if key in old and row_hash(old[key]) != row_hash(new[key])
            ],
            "withdrawn": [
                _label(table.name, old[key]) for key in old if key not in new
            ],
        }
    old_citations = {row["id"]: row for row in previous.get("citations", [])}
    for row in current.get("citations", []):
        before = old_citations.get(row["id"])
        if (
            before is not None
            and row["verification"] in CORRECTED_STATUSES
            and before["verification"] != row["verification"]
        ):
            changes["corrections"].append(
                {
                    "id": row["id"],
                    "claim": row["claim"],
                    "from": before["verification"],
                    "to": row["verification"],
                    "note": row["verification_note"],
                }
            )
    return changes


def _label(table_name: str, row: dict) -> dict:
    table = BY_NAME[table_name]
    if table_name == "participations":
        text = f"{row['actor']} ({row['role']}) in {row['case_study']}"
    else:
        text = str(row.get(table.label, ""))
    return {"key": table.key(row), "label": text}


def notes_text(changes: dict, *, previous_version: str) -> str:
    """The release notes as plain text, from `compare`'s result."""
    lines = [f"Changes since {previous_version}:"]
    anything = False
    for table in TABLES:
        parts = changes["tables"][table.name]
        for kind in ("added", "changed", "withdrawn"):
            rows = parts[kind]
            if rows:
                anything = True
                names = "; ".join(row["label"] for row in rows)
                lines.append(f"- {table.title}, {kind} ({len(rows)}): {names}")
    for correction in changes["corrections"]:
        anything = True
        lines.append(
            f"- Correction: citation {correction['id']} is now {correction['to']} "
            f"(was {correction['from']}): {correction['claim']}"
        )
    if not anything:
        lines.append("- No change to the content.")
    return "\n".join(lines)

"""Cite-this formats: a reference manager can import each one."""

import json
from datetime import date

from milidip_site.structured_data import json_ld
from topics.references import (
    PageReference,
    formatted_reference,
    to_bibtex,
    to_csl_data,
    to_ris,
)

REF = PageReference(
    key="milidip-kosovo",
    title="KFOR & 50% {of} the #1 mission_in Kosovo ~ \\",
    url="https://milidip.example/case-studies/kosovo/",
    published=date(2024, 3, 1),
    updated=date(2025, 1, 15),
    accessed=date(2026, 11, 22),
    abstract="NATO's force in Kosovo.",
)


def test_formatted_reference_names_author_title_site_dates_and_url():
    assert formatted_reference(REF) == (
        "Milidip editors. “KFOR & 50% {of} the #1 mission_in Kosovo ~ \\.” Milidip, "
        "last updated 15 January 2025. https://milidip.example/case-studies/kosovo/ "
        "(accessed 22 November 2026)."
    )


def test_bibtex_escapes_special_characters():
    bib = to_bibtex(REF)

    assert bib.startswith("@online{milidip-kosovo,\n")
    assert (
        r"title = {{KFOR \& 50\% \textbraceleft{}of\textbraceright{} the \#1 mission\_in Kosovo "
        r"\textasciitilde{} \textbackslash{}}}" in bib
    )
    assert "urldate = {2026-11-22}" in bib
    assert "date = {2025-01-15}" in bib
    assert bib.count("{") == bib.count("}")


def test_a_lone_brace_in_text_cannot_unbalance_the_entry():
    from dataclasses import replace

    bib = to_bibtex(replace(REF, title="Half } open { and", abstract="}}}"))
    assert bib.count("{") == bib.count("}")
    assert r"Half \textbraceright{} open \textbraceleft{} and" in bib


def test_ris_has_type_first_end_last_and_crlf_lines():
    lines = to_ris(REF).split("\r\n")

    assert lines[0] == "TY  - ELEC"
    assert "AU  - Milidip editors" in lines
    assert "Y2  - 2026/11/22" in lines
    assert "DA  - 2025/01/15" in lines
    assert lines[-2:] == ["ER  - ", ""]


def test_csl_json_item_is_a_webpage_with_date_parts():
    [item] = to_csl_data(REF)

    assert item["type"] == "webpage"
    assert item["issued"] == {"date-parts": [[2025, 1, 15]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 22]]}
    assert item["author"] == [{"literal": "Milidip editors"}]


def test_json_ld_cannot_close_its_script_element():
    text = json_ld({"headline": "</script><script>alert(1)</script>"})

    assert "</script>" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script>"

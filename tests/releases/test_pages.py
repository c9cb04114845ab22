"""/data/: the releases for readers, their downloads, references and JSON-LD."""

import hashlib
import json

import pytest

from releases.build import make_release
from tests.factories import CitationFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases():
    CitationFactory(topic=TopicFactory(title="Peacekeeping"))
    first = make_release("2026.1")
    TopicFactory(title="Defence attachés")
    second = make_release("2026.2", notes="Adds defence attachés.")
    return first, second


def _json_ld(html: str) -> dict:
    marker = '<script type="application/ld+json">'
    start = html.index(marker) + len(marker)
    return json.loads(html[start : html.index("</script>", start)])


def test_the_data_page_lists_every_release(client, releases):
    first, second = releases
    response = client.get("/data/")
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index("Release 2026.2") < html.index("Release 2026.1")
    for release in releases:
        assert release.sha256 in html
        assert f'href="/data/{release.version}/download/"' in html
        assert f'href="/data/{release.version}/cite/bibtex/"' in html
    assert "Adds defence attachés." in html
    assert "2 topics" in html and "1 citations" in html


def test_the_data_page_describes_the_latest_release_as_a_dataset(client, releases):
    _, latest = releases
    data = _json_ld(client.get("/data/").content.decode())

    assert data["@type"] == "Dataset"
    assert data["version"] == "2026.2"
    assert data["datePublished"] == latest.created_at.date().isoformat()
    assert data["license"].startswith("https://creativecommons.org/")
    assert data["identifier"] == f"sha256:{latest.sha256}"
    (download,) = data["distribution"]
    assert download["@type"] == "DataDownload"
    assert download["contentUrl"] == "http://testserver/data/2026.2/download/"
    assert download["encodingFormat"] == "application/zip"
    assert latest.sha256 in download["description"]
    assert "sha256" not in download


def test_the_data_page_runs_a_fixed_number_of_queries(
    client, releases, django_assert_num_queries
):
    with django_assert_num_queries(1):
        client.get("/data/")
    for n in range(3, 6):
        make_release(f"2026.{n}")
    with django_assert_num_queries(1):
        assert client.get("/data/").content.decode().count("Download milidip-") == 5


def test_the_data_page_without_releases(client, db):
    response = client.get("/data/")
    assert response.status_code == 200
    assert "No release has been made yet." in response.content.decode()
    assert "ld+json" not in response.content.decode()


def test_a_release_page_shows_its_notes_and_reference(client, releases):
    response = client.get("/data/2026.2/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Changes since 2026.1" in html
    assert "Added (1): Defence attachés" in html
    assert "version 2026.2 [data set]" in html
    assert _json_ld(html)["version"] == "2026.2"
    assert client.get("/data/2031.1/").status_code == 404


def test_the_download_streams_the_stored_zip(client, releases):
    _, release = releases
    response = client.get("/data/2026.2/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="milidip-2026.2.zip"'
    )
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == release.sha256
    assert client.post("/data/2026.2/download/").status_code == 405
    assert client.get("/data/2031.1/download/").status_code == 404


def test_a_missing_file_is_a_404_not_a_500(client, releases, media_root):
    _, release = releases
    (media_root / release.file.name).unlink()
    assert client.get("/data/2026.2/download/").status_code == 404


@pytest.mark.parametrize(
    ("format", "content_type", "expected"),
    [
        ("bibtex", "application/x-bibtex", "@dataset{milidip-2026.1,"),
        ("ris", "application/x-research-info-systems", "ET  - 2026.1"),
        ("csl-json", "application/vnd.citationstyles.csl+json", '"version": "2026.1"'),
    ],
)
def test_cite_this_release(client, releases, format, content_type, expected):
    response = client.get(f"/data/2026.1/cite/{format}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert expected in response.content.decode()
    assert releases[0].sha256 in response.content.decode()


def test_an_unknown_citation_format_is_a_404(client, releases):
    assert client.get("/data/2026.1/cite/word/").status_code == 404


def test_the_footer_links_to_the_releases(client, db):
    assert 'href="/data/"' in client.get("/").content.decode()

"""client_address: X-Forwarded-For only as far as the deployment's proxies go."""

import pytest
from django.test import RequestFactory

from milidip_site.client_address import client_address


def _request(remote="203.0.113.9", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(_request(forwarded="1.2.3.4")) == "203.0.113.9"


def test_with_one_proxy_the_rightmost_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    address = client_address(_request(forwarded="6.6.6.6, 198.51.100.7"))

    assert address == "198.51.100.7"


def test_with_two_proxies_the_second_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    address = client_address(_request(forwarded="6.6.6.6,198.51.100.7, 10.0.0.2"))

    assert address == "198.51.100.7"


def test_fewer_entries_than_proxies_gives_the_first(settings):
    settings.TRUSTED_PROXY_COUNT = 3

    assert client_address(_request(forwarded="198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", ["", "not-an-ip", " , "])
def test_missing_or_garbled_header_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(_request(forwarded=forwarded)) == "203.0.113.9"


def test_ipv6_addresses_are_normalised(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    address = client_address(_request(forwarded="2001:DB8:0:0::1"))

    assert address == "2001:db8::1"


def test_lockouts_get_no_address_rather_than_a_word_when_none_is_known():
    """django-axes stores the address in an IP column (inet on PostgreSQL)."""
    from django.http import HttpRequest

    from milidip_site.client_address import known_client_address

    assert known_client_address(HttpRequest()) is None
    assert known_client_address(_request()) == "203.0.113.9"

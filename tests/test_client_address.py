"""The client address django-axes and the limits key on: REMOTE_ADDR, or the entry our own
proxies added to X-Forwarded-For, never one the client could have written."""

import pytest
from django.test import RequestFactory

from icibi_tracker.proxies import client_address

PROXY = "10.0.0.2"


def address(forwarded_for=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_address(RequestFactory().get("/", **meta))


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("198.51.100.7") == PROXY


@pytest.mark.parametrize(
    "count, forwarded_for, expected",
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # The client wrote the entries on the left; our one proxy appended the last.
        (1, "192.0.2.1, 203.0.113.9, 198.51.100.7", "198.51.100.7"),
        # Two proxies of ours: the outer one appended the client, the inner one the outer proxy.
        (2, "192.0.2.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (1, "  198.51.100.7  ", "198.51.100.7"),
        (1, "192.0.2.1,198.51.100.7", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "2001:DB8:0::1", "2001:db8::1"),  # one address is always written one way
    ],
)
def test_the_entry_our_proxies_added_is_the_client(settings, count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert address(forwarded_for) == expected


@pytest.mark.parametrize(
    "count, forwarded_for",
    [
        (1, None),  # no header: the request did not come through our proxy
        (1, ""),
        (2, "198.51.100.7"),  # too few entries for the proxies we have
        (1, "not-an-address"),
        (1, "198.51.100.7, "),
        (1, "198.51.100.7:4430"),
        (1, "198.51.100.300"),
        (1, "198.51.100.7\x00"),
    ],
)
def test_anything_else_falls_back_to_remote_addr(settings, count, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = count
    assert address(forwarded_for) == PROXY

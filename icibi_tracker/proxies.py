"""The address a request came from, behind the proxies we run and trust."""

import ipaddress

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies of ours the address
    the outermost of them saw (the Nth entry of X-Forwarded-For from the right).

    Each proxy appends the address it was connected from, so only the last N entries are ours;
    anything to their left came from the client and may be forged. A header with too few entries
    or a value that is not an address did not come through our proxies: REMOTE_ADDR is used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count].strip()))
    except ValueError:
        return remote

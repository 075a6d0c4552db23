"""The address of the client behind the reverse proxies this site runs behind.

With no proxy (``TRUSTED_PROXY_COUNT=0``, the default) the client is REMOTE_ADDR. Behind N
proxies that each append the address they received a request from to X-Forwarded-For, the
client is the N-th address from the right of that header: addresses further left were
written by the client itself and cannot be trusted. django-axes keys its login throttling on
this address (AXES_CLIENT_IP_CALLABLE), so that one visitor's failed logins do not lock out
everyone behind the same proxy.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # not through every proxy: the header is not one of theirs
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

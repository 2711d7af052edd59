"""Who a request comes from: its client's address, as the rate limit and sign-in throttling count it."""

import ipaddress
from collections.abc import Sequence
from typing import Any

from litestar.connection import ASGIConnection

from core.config import Settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as proxies write it: ``1.2.3.4``, ``1.2.3.4:5678``, ``::1`` or ``[::1]:5678``."""
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_key(peer: str | None, forwarded: Sequence[str], proxies: Sequence[Network]) -> str:
    """The client address of a request.

    That is the socket peer, unless the peer is one of ``proxies``: then ``X-Forwarded-For``
    (``forwarded``, every header in order) is read from the right, each trusted proxy
    having appended the address it saw, and the right-most address that is not itself a trusted
    proxy is the client. Whatever a client writes into the header itself stays on the left of
    that, so it can neither pick nor reset its bucket. IPv6 clients are counted per /64 network,
    the block a single subscriber usually gets."""
    address = _address(peer) if peer else None
    if address is None:
        return peer or "unknown"
    if any(address in network for network in proxies):
        hops = [hop for header in forwarded for hop in header.split(",") if hop.strip()]
        for hop in reversed(hops):
            previous, address = address, _address(hop)
            if address is None:  # garbage where a trusted proxy should have written: stay with that proxy
                address = previous
                break
            if not any(address in network for network in proxies):
                break
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def proxies_of(settings: Settings) -> list[Network]:
    """The trusted proxies of ``settings`` (``WUSHE_TRUSTED_PROXIES``), parsed."""
    return [ipaddress.ip_network(item, strict=False) for item in settings.trusted_proxies]


def client_of(connection: ASGIConnection[Any, Any, Any, Any], proxies: Sequence[Network]) -> str:
    """The client address of a Litestar request or WebSocket (see :func:`client_key`)."""
    peer = connection.client.host if connection.client else None
    return client_key(peer, connection.headers.getall("x-forwarded-for", []), proxies)

"""Who is asking: the peer's address, and what a proxy named in config says about the client.

A forwarded header (`X-Forwarded-For`, `-Proto`, `-Host`) is written by whoever sends the
request, so it is believed only from a proxy in `http.trusted_proxies`; from anyone else
the peer's own address and the request's own scheme and host stand.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from aiohttp import web

from bot.server.http import error, has_token

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host")


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped  # ::ffff:127.0.0.1 on a dual-stack socket
    return ip


def _last(value: str) -> str:
    """The value the nearest proxy wrote (a proxy that appends puts its own last)."""
    return value.split(",")[-1].strip()


def refusal(
    request: web.Request, token: str | None, *, unauthorised: str, local_only: str
) -> web.Response | None:
    """Why a route for a trusted caller refuses this request, if it does: with an API token
    set, its absence (401); without one, any request not made straight on this machine (403)."""
    if token:
        return None if has_token(request, token) else error(401, unauthorised)
    return None if is_local(request) else error(403, local_only)


def is_local(request: web.Request) -> bool:
    """Whether the request comes straight from this machine: a loopback peer, and no proxy
    in between (a proxy on this machine would make anyone's request look local)."""
    ip = _ip(request.remote)
    if ip is None or not ip.is_loopback:
        return False
    return not any(name in request.headers for name in FORWARDING_HEADERS)


@dataclass(frozen=True)
class Proxies:
    """The proxies whose forwarded headers are believed (none by default)."""

    networks: tuple[Network, ...] = ()

    def trusts(self, address: str | None) -> bool:
        """Whether this address is one of the trusted proxies."""
        ip = _ip(address)
        return ip is not None and any(ip in network for network in self.networks)

    def client(self, request: web.Request) -> str:
        """The client's address: the peer's, or behind trusted proxies the first address in
        `X-Forwarded-For`, read from the right, that is not one of them."""
        address = request.remote or "unknown"
        if not self.trusts(address):
            return address
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        for hop in reversed([hop for hop in hops if hop]):
            if _ip(hop) is None:
                return address  # garbage from the client: count it as the proxy's peer
            address = hop
            if not self.trusts(hop):
                break
        return address

    def https(self, request: web.Request) -> bool:
        """Whether the visitor's connection is HTTPS: this server's own, or as a trusted
        proxy says."""
        if request.secure:
            return True
        proto = request.headers.get("X-Forwarded-Proto", "")
        return self.trusts(request.remote) and _last(proto).lower() == "https"

    def hosts(self, request: web.Request) -> set[str]:
        """The host the visitor asked for: the request's own, and a trusted proxy's
        `X-Forwarded-Host` (it passes on the visitor's while asking for 127.0.0.1)."""
        hosts = {request.host}
        forwarded = _last(request.headers.get("X-Forwarded-Host", ""))
        if forwarded and self.trusts(request.remote):
            hosts.add(forwarded)
        return hosts

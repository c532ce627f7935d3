"""Proxies: the explicit setting (``net.proxy``) wins, else the system proxy; loopback is direct."""

from __future__ import annotations

import ipaddress
import urllib.request
from urllib.parse import urlsplit

from ..core.errors import BadInputError


def is_loopback(host: str) -> bool:
    host = (host or "").strip("[]").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_PROXY_SCHEMES = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def system_proxy(url: str) -> str | None:
    """The proxy the system would use for ``url`` (environment variables; the OS settings on
    Windows and macOS), or None for a direct connection. Loopback hosts always go direct."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if is_loopback(host):
        return None
    proxies = urllib.request.getproxies()
    scheme = _PROXY_SCHEMES.get(parts.scheme, parts.scheme)
    proxy = proxies.get(scheme) or proxies.get("all")
    if not proxy:
        return None
    try:
        if urllib.request.proxy_bypass(host):
            return None
    except OSError:
        pass
    return proxy if "://" in proxy else f"http://{proxy}"


def check_proxy(value: str) -> str:
    """A proxy setting as stored: "" (system), "direct" (none) or a proxy URL."""
    v = (value or "").strip()
    if v.lower() in ("", "system"):
        return ""
    if v.lower() in ("direct", "none", "off"):
        return "direct"
    parts = urlsplit(v if "://" in v else f"http://{v}")
    if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
        raise BadInputError(
            f"Bad proxy {value!r}: write http://host:port (socks5://host:port works for AI "
            "providers only), 'direct' for none, or '' for the system proxy"
        )
    return parts.geturl()


def resolve_proxy(url: str, explicit: str | None = None) -> str | None:
    """The proxy for ``url``: the explicit setting, else the system's; None = direct."""
    host = urlsplit(url).hostname or ""
    if is_loopback(host):
        return None
    setting = check_proxy(explicit or "")
    if setting == "direct":
        return None
    if setting:
        return setting
    return system_proxy(url)

"""The OpenAI SDK client for an endpoint, and its exceptions turned into ``NetError``s."""

from __future__ import annotations

import re
from typing import Any

from .context import NetContext
from .errors import NetError, ProviderAuthError, ProviderRequestError, ProviderUnavailableError
from .providers import Endpoint


def openai_client(endpoint: Endpoint, context: NetContext) -> Any:
    """An ``openai.OpenAI`` client for an endpoint: timeout, the SDK's own retries (exponential
    backoff with jitter, honouring Retry-After) and the proxy from the context."""
    import openai

    proxy = context.proxy_for(endpoint.base_url)
    http = openai.DefaultHttpxClient(
        proxy=proxy,
        trust_env=not endpoint.local,
        timeout=openai.Timeout(context.timeout(), connect=context.connect_timeout()),
    )
    return openai.OpenAI(
        api_key=endpoint.api_key or "not-needed",
        base_url=endpoint.base_url,
        timeout=openai.Timeout(context.timeout(), connect=context.connect_timeout()),
        max_retries=context.retries(),
        http_client=http,
    )


def describe_openai_error(exc: BaseException, endpoint: Endpoint, timeout: float) -> NetError:
    """A NetError for an SDK exception: says what happened and what to do; key redacted."""
    import openai

    from ..secrets import redact

    name = endpoint.name
    where = f"{name} ({endpoint.base_url})"
    status = getattr(exc, "status_code", None)
    detail = redact(_error_detail(exc), extra=[endpoint.api_key])
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        msg = (
            f"{where} refused the API key ({status}): {detail}. Store a valid key with "
            f"`shortvid keys set {name}`."
        )
        return ProviderAuthError(msg, provider=name)
    if isinstance(exc, openai.RateLimitError):
        msg = f"{where} is rate limiting us (429) and kept doing so after retries: {detail}"
        return ProviderUnavailableError(msg, provider=name)
    if isinstance(exc, openai.APITimeoutError):
        msg = f"{where} did not answer within {timeout:g} s (after retries)"
        return ProviderUnavailableError(msg, provider=name)
    if isinstance(exc, openai.APIConnectionError):
        msg = f"cannot reach {where}: {detail}. Check the network or the proxy setting."
        return ProviderUnavailableError(msg, provider=name)
    if isinstance(exc, openai.NotFoundError):
        msg = f"{where} answered 404: {detail}. Check the base URL and the model name."
        return ProviderRequestError(msg, provider=name, status=404)
    if isinstance(exc, openai.APIStatusError):
        if status is not None and status >= 500:
            msg = f"{where} failed with {status} (after retries): {detail}"
            return ProviderUnavailableError(msg, provider=name)
        msg = f"{where} refused the request ({status}): {detail}"
        return ProviderRequestError(msg, provider=name, status=status)
    return ProviderUnavailableError(f"{where} failed: {detail}", provider=name)


def describe_not_json(body: str, content_type: str, endpoint: Endpoint) -> ProviderRequestError:
    """The error for an answer that is not the API's JSON: most often an HTML page (a proxy or a
    Wi-Fi portal asking to sign in, or a base URL that points at a website)."""
    from ..secrets import redact

    where = f"{endpoint.name} ({endpoint.base_url})"
    text = redact(body or "", extra=[endpoint.api_key]).strip()
    low = text[:2000].lower()
    if "html" in content_type.lower() or low.startswith(("<!doctype html", "<html")):
        found = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        title = " ".join(found.group(1).split())[:80] if found else ""
        shown = f" titled {title!r}" if title else ""
        msg = (
            f"{where} answered with an HTML page{shown}, not an API answer: is a proxy or a "
            "network login page asking you to sign in? Otherwise check the base URL (an "
            "OpenAI-compatible API usually ends in /v1)."
        )
    else:
        snippet = " ".join(text.split())[:120] or "nothing"
        kind = content_type or "no content type"
        msg = f"{where} answered with something that is not an API answer ({kind}): {snippet!r}"
        msg += ". Check the base URL."
    return ProviderRequestError(msg, provider=endpoint.name, status=200)


def describe_deadline(endpoint: Endpoint, deadline: float, detail: str = "") -> NetError:
    """The error for a call given up at its total deadline (setting ``net.deadline_s``)."""
    where = f"{endpoint.name} ({endpoint.base_url})"
    msg = (
        f"{where} did not finish within {deadline:g} s{detail}; stopped waiting. The service "
        "may be overloaded or a proxy may be holding the connection; the limit is the "
        "setting net.deadline_s."
    )
    return ProviderUnavailableError(msg, provider=endpoint.name)


def _error_detail(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:300]
        if isinstance(err, str):
            return err[:300]
    text = str(exc) or type(exc).__name__
    return text[:300]

"""AI work for the window and the CLI, with the app's settings: the one way both reach an LLM.

Every call here opens the app's database for the duration of the call, so the provider chosen
in Settings (or with ``shortvid providers use``), the user's endpoints and models, the proxy,
timeouts and retries, the per-provider rate limits, the monthly budgets (a call that would
exceed one is refused before it is sent) and the usage ledger (one row per call) all apply,
whichever front end asked. Run them on a worker (they block on the network).
"""

from __future__ import annotations

from collections.abc import Callable

from ..ai.client import ConnectionReport, LLMClient
from ..ai.generate import ACTIONS, STYLES, ScriptResult
from ..ai.generate import revise_scene as _revise_scene
from ..ai.generate import script_from_topic as _script_from_topic
from ..ai.offline import detect_language, script_from_text
from ..ai.providers import configure_provider, provider_table, use_provider
from ..core.errors import BadInputError
from ..core.model import Script
from ..jobs import CancelToken, Progress
from ..net import Accounting, NetContext, check_provider_name, current_month
from ..net import default_provider as _default_provider
from ..secrets import install_log_redaction
from ..store import Store

OFFLINE = "offline"


def net_context(store: Store | None, project_id: str = "") -> NetContext:
    """The context every external call gets: settings and the usage ledger from ``store``."""
    return NetContext(store=store, project_id=project_id)


def _client(
    store: Store, name: str, project_id: str, model: str | None, base_url: str | None
) -> LLMClient:
    ctx = net_context(store, project_id)
    return LLMClient(ctx.resolve(name, model=model, base_url=base_url), ctx)


def script_from_topic(
    topic: str,
    *,
    provider: str | None = None,
    lang: str = "auto",
    seconds: int = 30,
    style: str = "explainer",
    notes: str = "",
    audience: str = "",
    model: str | None = None,
    base_url: str | None = None,
    project_id: str = "",
    fallback: bool = True,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    on_text: Callable[[str], None] | None = None,
) -> ScriptResult:
    """A Script for a topic (``shortvid script``, ``make --topic`` and the window's Generate).

    Uses the named provider, else the configured one; without one, or when it cannot be used
    (and ``fallback``), the offline helper writes a template and ``result.notices`` says why
    (a budget refusal included: nothing was sent).
    """
    install_log_redaction()
    with Store() as store:
        return _script_from_topic(
            topic,
            provider,
            lang,
            seconds,
            progress,
            cancel,
            notes=notes,
            audience=audience,
            style=style,
            context=net_context(store, project_id),
            model=model,
            base_url=base_url,
            fallback=fallback,
            on_text=on_text,
        )


def revise_scene(
    script: Script,
    index: int,
    action: str,
    *,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    tone: str | None = None,
    language: str | None = None,
    project_id: str = "",
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> Script:
    """A copy of ``script`` with scene ``index`` (from 0) rewritten, shortened, given a tone or
    translated by the named (else the configured) provider; ``provider="offline"`` shortens
    without one. Raises BadInputError when the action needs a provider and none is set,
    BudgetExceededError (nothing sent) and other NetErrors."""
    install_log_redaction()
    with Store() as store:
        name = provider or _default_provider(store)
        client = None
        if name and name != OFFLINE:
            client = _client(store, name, project_id, model, base_url)
        elif action != "shorten":
            raise BadInputError(
                f"'{action}' needs an AI provider: choose one in Settings (AI providers), or "
                "with `shortvid providers use NAME`; only 'shorten' works offline."
            )
        return _revise_scene(
            script,
            index,
            action,
            client,
            tone=tone,
            language=language,
            progress=progress,
            cancel=cancel,
        )


def split_text(text: str, language: str = "auto") -> Script:
    """The user's own text split into scenes by the offline helper (no network)."""
    lang = detect_language(text) if language == "auto" else language
    return script_from_text(text, language=lang)


def check_connection(
    name: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    cancel: CancelToken | None = None,
) -> ConnectionReport:
    """Reach a provider with its key, through the configured proxy and timeouts."""
    install_log_redaction()
    with Store() as store:
        return _client(store, name, "", model, base_url).test_connection(cancel)


def list_models(
    name: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    cancel: CancelToken | None = None,
) -> list[str]:
    """The models a provider offers."""
    install_log_redaction()
    with Store() as store:
        return _client(store, name, "", model, base_url).list_models(cancel)


def spent_this_month(store: Store, provider: str) -> float:
    """USD spent with ``provider`` this month (UTC), from the usage ledger."""
    return Accounting(store).spent(provider, current_month())


__all__ = [
    "ACTIONS",
    "OFFLINE",
    "STYLES",
    "ConnectionReport",
    "ScriptResult",
    "check_connection",
    "check_provider_name",
    "configure_provider",
    "current_month",
    "list_models",
    "net_context",
    "provider_table",
    "revise_scene",
    "script_from_topic",
    "spent_this_month",
    "split_text",
    "use_provider",
]

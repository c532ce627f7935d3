"""The errors of external calls: each message names the service and says what to do."""

from __future__ import annotations

from ..core.errors import ShortVidError


class NetError(ShortVidError):
    """An external service failed. The message names the service and says what to do."""

    def __init__(self, message: str, *, provider: str = "") -> None:
        self.provider = provider
        super().__init__(message)


class BudgetExceededError(NetError):
    """A call was refused before it was sent: it would take a provider past its monthly budget."""

    def __init__(self, provider: str, budget: float, spent: float, estimate: float) -> None:
        self.budget, self.spent, self.estimate = budget, spent, estimate
        super().__init__(
            f"Refused before sending: this {provider} call (about ${estimate:.4f}) would take "
            f"{provider} past its monthly budget of ${budget:.2f} (${spent:.4f} spent this "
            f"month). Raise it with `shortvid usage --budget {provider} USD`, wait for next "
            "month, or pick another provider.",
            provider=provider,
        )


class MissingKeyError(NetError):
    """A provider needs an API key and none is stored."""


class ProviderAuthError(NetError):
    """The provider refused the key (401/403)."""


class ProviderUnavailableError(NetError):
    """The provider could not be reached or kept failing (connection, timeout, 429, 5xx)."""


class ProviderRequestError(NetError):
    """The provider refused the request itself (4xx other than auth and rate limits)."""

    def __init__(self, message: str, *, provider: str = "", status: int | None = None) -> None:
        self.status = status
        super().__init__(message, provider=provider)

"""The protocol every source of pictures and clips follows, and what a search returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from ..jobs import CancelToken

Kind = Literal["video", "photo"]
Orientation = Literal["portrait", "landscape", "square", ""]
# (bytes so far, bytes in all or 0 when unknown)
DownloadProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class Rendition:
    """One file of a candidate: the same picture or clip at one size."""

    url: str
    width: int
    height: int
    kind: str = ""  # the provider's name for it ("hd", "large2x", "medium", ...)

    @property
    def orientation(self) -> Orientation:
        return orientation_of(self.width, self.height)


@dataclass(frozen=True)
class Candidate:
    """One search result: what it is, who made it, its licence and its files."""

    provider: str
    id: str
    kind: Kind
    page_url: str = ""
    author: str = ""
    author_url: str = ""
    licence: str = ""
    width: int = 0
    height: int = 0
    duration_s: float = 0.0
    renditions: tuple[Rendition, ...] = ()
    thumbnail_url: str = ""
    ai_generated: bool = False
    title: str = ""
    prompt: str = ""  # AI images: what the model is asked to draw (the file is made on download)

    @property
    def key(self) -> str:
        """Unique across providers: ``provider:id``."""
        return f"{self.provider}:{self.id}"


@dataclass
class Downloaded:
    """A candidate's file in the cache (content-addressed)."""

    candidate: Candidate
    rendition: Rendition | None
    path: Path
    sha256: str
    notes: list[str] = field(default_factory=list)


def orientation_of(width: int, height: int) -> Orientation:
    if not width or not height:
        return ""
    if width == height:
        return "square"
    return "portrait" if height > width else "landscape"


class VisualProvider(Protocol):
    """A source of pictures and clips (Pexels, Pixabay, Openverse, an image model)."""

    name: str
    needs_key: bool

    def available(self) -> bool:
        """True when it can be asked (a key is stored where one is needed); no network."""
        ...

    def unavailable_reason(self) -> str: ...

    def search(
        self,
        query: str,
        *,
        orientation: Orientation = "",
        min_width: int = 0,
        min_height: int = 0,
        locale: str = "",
        kind: Kind = "video",
        per_page: int = 15,
        page: int = 1,
        cancel: CancelToken | None = None,
    ) -> list[Candidate]: ...

    def download(
        self,
        candidate: Candidate,
        dest: Path | None = None,
        cancel: CancelToken | None = None,
        progress: DownloadProgress | None = None,
        rendition: Rendition | None = None,
    ) -> Downloaded: ...

"""Visuals for scenes without footage: the user's own media, stock clips and photos, AI
pictures, then the bundled samples, in the order the user prefers (``--visuals``).

``find_visuals_job`` searches and downloads off the GUI thread on a frozen copy of the project
and changes nothing; ``apply_visuals`` adds the chosen files as assets (with their credits) and
names them in their scenes, as one undo step; ``fill_visuals`` does both. Per scene, in script
order: a scene that names its media keeps it; otherwise each source in turn, until one gives
something not used before in the project. With no key, no network or nothing found, the video
is still made (own media, then samples) and the notices say why.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..ai.visual_queries import QUERY_LANGUAGE, visual_queries
from ..core.errors import BadInputError, ShortVidError
from ..core.model import Asset, Project, Scene
from ..core.serial import clone
from ..jobs import Cancelled, CancelToken, Progress
from ..net import BudgetExceededError, MissingKeyError, NetContext, NetError, ProviderAuthError
from ..stock import (
    STOCK_NAMES,
    Choice,
    choose,
    covers_scene,
    locale_for,
    make_provider,
    orientation_of,
)
from ..stock import credits_text as _credits_text
from ..stock import end_card_text as _end_card_text

SOURCES = ("own", "pexels", "pixabay", "openverse", "ai", "samples")
KEYED = ("pexels", "pixabay")


def credits_text(project: Project) -> str:
    """The credits stock and AI assets ask for ("" when the project has none)."""
    return _credits_text(project)


def end_card_text(project: Project) -> str:
    """The credit lines an export can draw over its last seconds ("" with nothing to credit)."""
    return _end_card_text(project)


def parse_sources(text: str | None) -> list[str] | None:
    """``own,pexels,...`` as a list (None for None); BadInputError naming an unknown source."""
    if text is None:
        return None
    names = [p.strip().lower() for p in text.split(",") if p.strip()]
    for name in names:
        if name not in SOURCES:
            raise BadInputError(
                f"Unknown visual source {name!r}: use a comma list of {', '.join(SOURCES)}."
            )
    if not names:
        raise BadInputError(f"--visuals needs at least one of {', '.join(SOURCES)}.")
    return list(dict.fromkeys(names))


def default_sources(has_media: bool, context: NetContext | None = None) -> list[str]:
    """``own`` (when the user gave media), then every stock provider with a key, then samples."""
    out = ["own"] if has_media else []
    for name in KEYED:
        try:
            if make_provider(name, context).available():
                out.append(name)
        except Exception:  # noqa: BLE001 - a provider that cannot be asked is left out
            pass
    return [*out, "samples"]


@dataclass
class ScenePick:
    scene_id: str
    source: str  # "own", "samples", "pexels", ...
    asset: Asset  # a new asset (stock, AI, sample) or the user's own


@dataclass
class FoundVisuals:
    picks: list[ScenePick] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    stock_used: bool = False


@dataclass
class VisualsReport:
    used: dict[str, str] = field(default_factory=dict)  # scene id -> the source that filled it
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for source in self.used.values():
            counts[source] = counts.get(source, 0) + 1
        if not counts:
            return "Visuals: none chosen per scene"
        parts = [f"{n} scene{'s' if n != 1 else ''} from {s}" for s, n in counts.items()]
        return "Visuals: " + ", ".join(parts)


def _net_context(store: object, project_id: str) -> NetContext:
    return NetContext(store=store, project_id=project_id)  # type: ignore[arg-type]


def _queries(scene: Scene, language: str) -> list[str]:
    from ..ai.offline import keywords

    words = [k.strip() for k in scene.keywords if k and k.strip()]
    if not words and scene.narration.strip():
        try:
            words = keywords(scene.narration, language, 3)
        except Exception:  # noqa: BLE001 - no keywords: the narration's start is the query
            words = []
    if not words and scene.narration.strip():
        words = [scene.narration.strip()[:60]]
    return list(dict.fromkeys(words))[:3]


def _scene_seconds(scene: Scene, language: str) -> float:
    from ..ai.offline import estimate_speech_s

    if scene.duration_us:
        return scene.duration_us / 1_000_000
    return max(1.5, estimate_speech_s(scene.narration, language) + 0.25)


def llm_queries(
    project: Project, ctx: NetContext, cancel: CancelToken, notices: list[str]
) -> dict[str, list[str]]:
    """Per scene id, 2-3 search queries the configured LLM wrote (one call for the script);
    {} with no provider set, and {} plus a notice when the call or its answer fails (the
    scenes' offline keywords are searched then)."""
    from ..ai.client import LLMClient
    from ..net import default_provider

    scenes = [s for s in project.script.scenes if s.narration.strip() or s.keywords]
    try:
        name = default_provider(ctx.store, ctx.env)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - settings unreadable: offline keywords
        return {}
    if not name or name in ("offline", "none") or not scenes:
        return {}
    language = project.script.language or project.language or "en"
    try:
        client = LLMClient(ctx.resolve(name), ctx)
        return visual_queries(scenes, language, client, cancel).queries
    except Cancelled:
        raise
    except (NetError, ShortVidError) as exc:
        notices.append(
            f"Search queries: the AI provider {name} could not write them ({exc}); "
            "searching the scenes' keywords instead."
        )
        return {}


def _ai_prompt(scene: Scene, project: Project) -> str:
    tpl = project.template
    shape = {"portrait": "vertical 9:16", "landscape": "wide 16:9"}.get(
        orientation_of(tpl.width, tpl.height), "square"
    )
    mood = f" Mood: {scene.mood}." if scene.mood else ""
    return (
        f"A {shape} photograph illustrating: {scene.narration.strip()[:400]}{mood} "
        "No text, no letters, no watermark."
    )


def find_visuals_job(
    project: Project,
    sources: list[str],
    store: object | None = None,
) -> Callable[[Progress, CancelToken], FoundVisuals]:
    """A job (any thread) choosing a visual per scene of a frozen copy of ``project``."""
    frozen = clone(project)

    def run(progress: Progress, cancel: CancelToken) -> FoundVisuals:
        if store is not None:
            return _find(frozen, sources, store, progress, cancel)
        try:
            from ..store import Store

            opened: object | None = Store()
        except Exception:  # noqa: BLE001 - without the database: defaults, no usage rows
            opened = None
        try:
            return _find(frozen, sources, opened, progress, cancel)
        finally:
            if opened is not None:
                opened.close()  # type: ignore[attr-defined]

    return run


def _find(
    project: Project,
    sources: list[str],
    store: object | None,
    progress: Progress,
    cancel: CancelToken,
) -> FoundVisuals:
    from ..media.importer import asset_from_path
    from .session import sample_visuals

    found = FoundVisuals()
    ctx = _net_context(store, project.id)
    tpl = project.template
    width, height = tpl.width, tpl.height
    orientation = orientation_of(width, height)
    language = project.script.language or project.language or "en"
    scenes = project.script.scenes
    named = {a for s in scenes for a in s.media if a in project.assets}
    own = [
        a
        for a in project.assets.values()
        if a.kind in ("image", "video")
        and not a.generated
        and not a.source_provider
        and a.id not in named
    ]
    used = {f"{a.source_provider}:{a.source_id}" for a in project.assets.values() if a.source_id}
    samples: list[Path] = []
    providers = {}
    for name in sources:
        if name in STOCK_NAMES:
            provider = make_provider(name, ctx)
            if provider.available():
                providers[name] = provider
            else:
                found.notices.append(f"{provider.unavailable_reason()}; skipped")
    if not providers:
        return found  # own media, else samples, as the layout's pool (apply_visuals)
    written: dict[str, list[str]] = {}
    if any(name != "ai" for name in providers):
        progress(0.0, "Writing search queries")
        written = llm_queries(project, ctx, cancel, found.notices)
    sample_i = 0
    for i, scene in enumerate(scenes):
        cancel.raise_if_cancelled()
        progress(i / max(1, len(scenes)), f"Finding visuals for scene {i + 1} of {len(scenes)}")
        if scene.media and all(a in project.assets for a in scene.media):
            continue  # the user's own choice comes first
        need_s = _scene_seconds(scene, language)
        for source in sources:
            if source == "own":
                if own:
                    found.picks.append(ScenePick(scene.id, "own", own.pop(0)))
                    break
                continue
            if source == "samples":
                if not samples:
                    samples = list(sample_visuals())
                if samples:
                    path = samples[sample_i % len(samples)]
                    sample_i += 1
                    try:
                        found.picks.append(ScenePick(scene.id, "samples", asset_from_path(path)))
                        break
                    except ShortVidError:
                        continue
                continue
            provider = providers.get(source)
            if provider is None:
                continue
            try:
                choice = _search(
                    provider,
                    scene,
                    project,
                    need_s,
                    used,
                    orientation,
                    cancel,
                    written.get(scene.id, []),
                )
                if choice is None:
                    continue
                got = provider.download(choice.candidate, cancel=cancel, rendition=choice.rendition)
                asset = asset_from_path(got.path)
            except Cancelled:
                raise
            except (MissingKeyError, ProviderAuthError) as exc:
                found.notices.append(f"{exc} Not asking {source} again.")
                providers.pop(source, None)
                continue
            except NetError as exc:
                found.notices.append(f"Scene {i + 1}: {exc}; trying the next source.")
                if isinstance(exc, BudgetExceededError):
                    providers.pop(source, None)
                continue
            except ShortVidError as exc:
                found.notices.append(
                    f"Scene {i + 1}: {source} sent a file that cannot be used: {exc}"
                )
                continue
            cand = choice.candidate
            asset.source_provider = cand.provider
            asset.source_id = cand.id
            asset.source_url = cand.page_url
            asset.author = cand.author
            asset.author_url = cand.author_url
            asset.licence = cand.licence
            asset.ai_generated = cand.ai_generated
            used.add(cand.key)
            if choice.rendition.url:
                used.add(choice.rendition.url)
            found.picks.append(ScenePick(scene.id, source, asset))
            found.stock_used = True
            break
    progress(1.0, "Visuals chosen")
    return found


def _search(
    provider: object,
    scene: Scene,
    project: Project,
    need_s: float,
    used: set[str],
    orientation: str,
    cancel: CancelToken,
    written: list[str] | None = None,
) -> Choice | None:
    tpl = project.template
    language = project.script.language or project.language or "en"
    name = getattr(provider, "name", "")
    if name == "ai":
        queries = [(_ai_prompt(scene, project), language)]
        kinds: tuple[str, ...] = ("photo",)
    else:
        # the LLM's queries (English) first, then the scene's own keywords in its language
        queries = [(q, QUERY_LANGUAGE) for q in written or []]
        queries += [(q, language) for q in _queries(scene, language) if q not in (written or [])]
        kinds = ("photo",) if name == "openverse" else ("video", "photo")
    fallback: Choice | None = None
    for query, query_language in queries:
        for kind in kinds:
            candidates = provider.search(  # type: ignore[attr-defined]
                query,
                orientation=orientation,
                min_width=min(tpl.width, tpl.height),
                min_height=0,
                locale=locale_for(name, query_language),
                kind=kind,
                per_page=15,
                cancel=cancel,
            )
            choice = choose(candidates, tpl.width, tpl.height, need_s, used)
            if choice is not None and covers_scene(choice, need_s):
                return choice
            if fallback is None:
                fallback = choice
    return fallback


def apply_visuals(session: object, found: FoundVisuals) -> VisualsReport:
    """Add what was found and name it in its scenes: one undo step (owning thread). When no
    stock or AI picture was found, the scenes are left to the layout's pool as before (the
    user's media, else the bundled samples)."""
    from ..edits import AssetAddCommand, SceneEditCommand

    report = VisualsReport(notices=list(found.notices))
    project: Project = session.project  # type: ignore[attr-defined]
    stack = session.stack  # type: ignore[attr-defined]
    if not found.stock_used:
        if not any(
            a.kind in ("image", "video") and not a.generated for a in project.assets.values()
        ):
            session.use_samples(music=False)  # type: ignore[attr-defined]
            report.notices.append("Visuals: the bundled sample pictures fill the video")
        return report
    scene_ids = {s.id for s in project.script.scenes}
    with stack.transaction("Find visuals"):
        for pick in found.picks:
            if pick.scene_id not in scene_ids:
                continue
            asset = pick.asset
            same = next(
                (
                    a
                    for a in project.assets.values()
                    if a.content_hash and a.content_hash == asset.content_hash
                ),
                None,
            )
            if same is None:
                stack.push(AssetAddCommand(asset))
            else:
                asset = same
            stack.push(SceneEditCommand(pick.scene_id, media=[asset.id]))
            report.used[pick.scene_id] = pick.source
    report.notices.append(report.summary())
    return report


def fill_visuals(
    session: object,
    sources: list[str] | None,
    *,
    has_media: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> VisualsReport:
    """Find and apply visuals for every scene (``sources`` None: the default order). Sources
    the user did not name still end the chain: own media, then samples (never a black video)."""
    from ..store import Store

    project: Project = session.project  # type: ignore[attr-defined]
    try:
        store: object | None = Store()
    except Exception:  # noqa: BLE001 - without the database: defaults, no usage rows
        store = None
    try:
        ctx = _net_context(store, project.id)
        chain = sources if sources is not None else default_sources(has_media, ctx)
        for tail in ("own", "samples"):
            if tail not in chain:
                chain = [*chain, tail]
        found = find_visuals_job(project, chain, store)(
            progress or Progress(), cancel or CancelToken()
        )
    finally:
        if store is not None:
            store.close()  # type: ignore[attr-defined]
    return apply_visuals(session, found)


def write_credits(project: Project, out_path: str | Path) -> Path | None:
    """``<name>.credits.txt`` beside an export when the project has stock or AI assets."""
    text = credits_text(project)
    if not text:
        return None
    target = Path(out_path).with_suffix(".credits.txt")  # video.mp4 -> video.credits.txt
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target

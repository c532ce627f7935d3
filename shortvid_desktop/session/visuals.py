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
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..ai.visual_queries import QUERY_LANGUAGE, visual_queries
from ..core.errors import BadInputError, ShortVidError
from ..core.model import Asset, Project, Scene
from ..core.serial import clone
from ..jobs import Cancelled, CancelToken, Progress
from ..net import BudgetExceededError, MissingKeyError, NetContext, NetError, ProviderAuthError
from ..stock import (
    STOCK_NAMES,
    Candidate,
    Choice,
    best_rendition,
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


# --------------------------------------------------------------------------- the window's picker
PICKER_SOURCES = ("pexels", "pixabay", "openverse")
THUMB_SIZE = (192, 192)


@dataclass
class SceneCandidates:
    """What one search for one scene found (the picker's grid)."""

    scene_id: str
    query: str
    page: int
    candidates: list[Candidate] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)  # the providers asked


def scene_query(project: Project, scene_id: str) -> str:
    """The words the picker searches first for a scene: its keywords (else its narration's)."""
    scene = _scene(project, scene_id)
    language = project.script.language or project.language or "en"
    words = " ".join(_queries(scene, language)[:2]).split()
    return " ".join(dict.fromkeys(words))  # "fishing boats" + "boats sail": each word once


def _scene(project: Project, scene_id: str) -> Scene:
    for scene in project.script.scenes:
        if scene.id == scene_id:
            return scene
    raise BadInputError(f"There is no scene {scene_id!r} in this project any more.")


def _with_store(fn: Callable[[object | None], object]) -> object:
    try:
        from ..store import Store

        store: object | None = Store()
    except Exception:  # noqa: BLE001 - without the database: defaults, no usage rows
        store = None
    try:
        return fn(store)
    finally:
        if store is not None:
            store.close()  # type: ignore[attr-defined]


def search_scene_job(
    project: Project,
    scene_id: str,
    query: str = "",
    page: int = 1,
    per_page: int = 6,
    sources: tuple[str, ...] = PICKER_SOURCES,
    query_language: str = "",
) -> Callable[[Progress, CancelToken], SceneCandidates]:
    """A job (any thread) searching every stock source that can be asked for candidates for
    one scene (videos and photos, page ``page``), leaving out media the project already uses.
    Sources that fail are named in ``notices``; a BadInputError when none can be asked.
    ``query_language``: the query's language when it is not the script's (the LLM's queries
    are English: ``QUERY_LANGUAGE``)."""
    frozen = clone(project)
    language = query_language or frozen.script.language or frozen.language or "en"
    words = query.strip() or scene_query(frozen, scene_id)
    tpl = frozen.template

    def run(progress: Progress, cancel: CancelToken) -> SceneCandidates:
        def work(store: object | None) -> SceneCandidates:
            ctx = _net_context(store, frozen.id)
            out = SceneCandidates(scene_id, words, page)
            if not words:
                raise BadInputError("Type what to search for: this scene has no words to use.")
            used = {f"{a.source_provider}:{a.source_id}" for a in frozen.assets.values()}
            providers = [make_provider(n, ctx) for n in sources if n in STOCK_NAMES]
            ready = [p for p in providers if p.available()]
            if not ready:
                raise BadInputError(
                    "No stock source can be asked: "
                    + "; ".join(p.unavailable_reason() for p in providers if p.needs_key)
                    + ". Openverse needs no key but is not among the sources."
                )
            steps = [(p, k) for p in ready for k in ("video", "photo") if p.name != "openverse"]
            steps += [(p, "photo") for p in ready if p.name == "openverse"]
            for i, (provider, kind) in enumerate(steps):
                cancel.raise_if_cancelled()
                progress(i / len(steps), f"Searching {provider.name} for “{words}”")
                if provider.name not in out.searched:
                    out.searched.append(provider.name)
                try:
                    found = provider.search(
                        words,
                        orientation=orientation_of(tpl.width, tpl.height),
                        locale=locale_for(provider.name, language),
                        kind=kind,  # type: ignore[arg-type]
                        per_page=per_page,
                        page=page,
                        cancel=cancel,
                    )
                except Cancelled:
                    raise
                except NetError as exc:  # the message names the service and URL
                    if str(exc) not in out.notices:
                        out.notices.append(str(exc))
                    continue
                for cand in found:
                    if cand.key not in used and best_rendition(cand, tpl.width, tpl.height):
                        used.add(cand.key)
                        out.candidates.append(cand)
            progress(1.0, f"{len(out.candidates)} candidates")
            return out

        return _with_store(work)  # type: ignore[return-value]

    return run


def thumbnail_job(candidate: Candidate) -> Callable[[Progress, CancelToken], Path]:
    """A job fetching a candidate's preview picture into the cache and making a small JPEG of
    it (a video's first frame when the provider's preview is a clip)."""

    def run(_progress: Progress, cancel: CancelToken) -> Path:
        from ..media.thumbnails import thumbnail
        from ..paths import cache_dir

        url = candidate.thumbnail_url or next(
            (r.url for r in sorted(candidate.renditions, key=lambda r: r.width * r.height)), ""
        )
        if not url:
            raise BadInputError(f"{candidate.provider} sent no preview for {candidate.id}.")

        def work(store: object | None) -> Path:
            provider = make_provider(candidate.provider, _net_context(store, ""))
            tail = url.split("?", 1)[0].rsplit(".", 1)[-1].lower()
            suffix = f".{tail}" if tail in ("jpg", "jpeg", "png", "webp", "mp4") else ".jpg"
            path, sha = provider.http().download(  # type: ignore[attr-defined]
                url, suffix=suffix, cancel=cancel, dest=cache_dir("stock", "previews")
            )
            return Path(thumbnail(path, THUMB_SIZE, content_hash=sha))

        return _with_store(work)  # type: ignore[return-value]

    return run


def download_candidate_job(
    project: Project, candidate: Candidate
) -> Callable[[Progress, CancelToken], Asset]:
    """A job downloading a candidate's file (the smallest at or above the canvas) into the
    content-addressed cache, with progress and cancel; the Asset it returns carries the
    credits (provider, id, source page, author, licence; AI pictures marked)."""
    tpl = project.template
    width, height = tpl.width, tpl.height
    project_id = project.id

    def run(progress: Progress, cancel: CancelToken) -> Asset:
        from ..media.importer import asset_from_path

        def work(store: object | None) -> Asset:
            provider = make_provider(candidate.provider, _net_context(store, project_id))
            rendition = best_rendition(candidate, width, height)
            who = candidate.author or candidate.provider

            def step(got: int, total: int) -> None:
                mb = got / 1_000_000
                if total:
                    progress(min(0.99, got / total), f"Downloading {who}'s file: {mb:.1f} MB")
                else:
                    progress(0.5, f"Downloading {who}'s file: {mb:.1f} MB")

            progress(0.0, f"Downloading {who}'s file")
            got = provider.download(candidate, cancel=cancel, progress=step, rendition=rendition)
            asset = asset_from_path(got.path)
            _credit(asset, candidate)
            progress(1.0, "Downloaded")
            return asset

        return _with_store(work)  # type: ignore[return-value]

    return run


def _credit(asset: Asset, cand: Candidate) -> None:
    asset.source_provider = cand.provider
    asset.source_id = cand.id
    asset.source_url = cand.page_url
    asset.author = cand.author
    asset.author_url = cand.author_url
    asset.licence = cand.licence
    asset.ai_generated = cand.ai_generated


def replace_scene_visual(project: Project, scene_id: str, asset: Asset) -> list[object]:
    """The edits that make ``asset`` the scene's picture: the asset added (unless the same
    file is in already), named in the scene, and the scene's clips on the video track replaced
    by one clip of it over the same time (push them as one undo step). A clip shorter than
    its time holds its last frame like the layout's."""
    from ..core.model import Clip, KenBurns
    from ..core.timebase import snap_to_frame
    from ..edits import AssetAddCommand, ClipAddCommand, ClipRemoveCommand, SceneEditCommand

    _scene(project, scene_id)
    commands: list[object] = []
    same = next(
        (
            a
            for a in project.assets.values()
            if asset.content_hash and a.content_hash == asset.content_hash
        ),
        None,
    )
    if same is None:
        commands.append(AssetAddCommand(asset))
        chosen = asset
    else:
        chosen = same
    commands.append(SceneEditCommand(scene_id, media=[chosen.id]))
    tpl = project.template
    for track in project.timeline.tracks:
        if track.kind != "video":
            continue
        clips = [c for c in track.sorted_clips() if c.scene_id == scene_id and c.asset_id]
        if not clips:
            continue
        first = clips[0]
        start, end = first.start_us, max(c.end_us for c in clips)
        length, source_in = end - start, 0
        if chosen.kind == "video" and chosen.duration_us > 0:
            spare = chosen.duration_us - length
            if spare < 0:
                length = chosen.duration_us
            else:
                from fractions import Fraction

                source_in = snap_to_frame(min(1_000_000, spare // 2), Fraction(tpl.fps))
                source_in = min(source_in, spare)
        fit = tpl.fit
        portrait = tpl.height >= tpl.width
        if (
            fit == "fill"
            and chosen.width
            and chosen.height
            and chosen.width != chosen.height
            and (chosen.width > chosen.height) == portrait
        ):
            fit = "fit_blur"  # a landscape picture on a portrait canvas (or the reverse)
        if chosen.kind == "image":
            kb = KenBurns(tpl.ken_burns.mode, tpl.ken_burns.amount, tpl.ken_burns.easing)
        else:
            kb = KenBurns("none")
        for clip in clips:
            commands.append(ClipRemoveCommand(clip.id))
        new = Clip(
            asset_id=chosen.id,
            start_us=start,
            duration_us=length,
            source_in_us=source_in,
            fit=fit,
            ken_burns=kb,
            transition_in=first.transition_in,
            volume=first.volume,
            scene_id=scene_id,
        )
        commands.append(ClipAddCommand(track.id, new))
    return commands


@dataclass(frozen=True)
class CreditRow:
    """One credited asset as the window lists it."""

    asset_id: str
    provider: str
    author: str
    licence: str
    source_url: str
    ai_generated: bool
    line: str
    file_name: str = ""
    author_url: str = ""


def credit_rows(project: Project) -> list[CreditRow]:
    """Every stock or AI asset of the project with its credits, in timeline order."""
    from ..stock import credit_line
    from ..stock.credits import PROVIDER_LABELS, credited_assets

    rows = []
    for a in credited_assets(project):
        label = PROVIDER_LABELS.get(a.source_provider, a.source_provider)
        if a.ai_generated:
            label = "AI-generated" + (f" ({a.source_provider})" if a.source_provider else "")
        rows.append(
            CreditRow(
                a.id,
                label,
                a.author,
                a.licence,
                a.source_url,
                a.ai_generated,
                credit_line(a),
                Path(a.path).name if a.path else "",
                a.author_url,
            )
        )
    return rows


# --------------------------------------------------------------------------- the picker's extras
PREVIEW_BOX = (360, 640)  # the hover preview's pictures fit in this (width, height)
PREVIEW_FRAMES = 8  # a clip's preview: this many frames, two a second, looped by the window
FramesCallback = Callable[[list[Path]], None]


def _preview_rendition(candidate: Candidate) -> str:
    """The file a hover preview is made from: a clip's smallest file (the canvas's orientation
    first), a photo's smallest file at least as large as the preview (else its largest)."""
    files = [r for r in candidate.renditions if r.url]
    if not files:
        return ""
    area = sorted(files, key=lambda r: (r.width * r.height, r.width))
    if candidate.kind == "video":
        tall = [r for r in area if r.height >= r.width]
        return (tall or area)[0].url
    big = [r for r in area if max(r.width, r.height) >= max(PREVIEW_BOX) * 3 // 4]
    return (big[0] if big else area[-1]).url


def _suffix(url: str, default: str = ".jpg") -> str:
    tail = url.split("?", 1)[0].rsplit(".", 1)[-1].lower()
    return f".{tail}" if tail in ("jpg", "jpeg", "png", "webp", "gif", "mp4", "webm") else default


def _clip_frames(path: Path, sha: str, cancel: CancelToken) -> list[Path]:
    """Up to PREVIEW_FRAMES small JPEG frames of a clip (two a second from its start), made
    once per file (cached beside the previews)."""
    from ..media.ffmpeg import run_ffmpeg
    from ..paths import cache_dir

    folder = cache_dir("stock", "previews") / f"{sha[:20]}_frames"
    done = folder / "done"
    if done.exists():
        return sorted(folder.glob("f*.jpg"))
    folder.mkdir(parents=True, exist_ok=True)
    cancel.raise_if_cancelled()
    w, h = PREVIEW_BOX
    run_ffmpeg(
        [
            "-i", str(path),
            "-vf",
            f"fps=2,scale='min(iw,{w})':'min(ih,{h})':force_original_aspect_ratio=decrease",
            "-frames:v", str(PREVIEW_FRAMES), "-q:v", "4",
            str(folder / "f%02d.jpg"),
        ],
        timeout=60,
    )  # fmt: skip
    frames = sorted(folder.glob("f*.jpg"))
    if frames:
        done.write_text(str(len(frames)), encoding="utf-8")
    return frames


def hover_preview_job(
    candidate: Candidate, on_frames: FramesCallback | None = None
) -> Callable[[Progress, CancelToken], list[Path]]:
    """A job (any thread) making a candidate's larger preview: a photo's larger picture, a
    clip's poster then a short sequence of its frames (from its smallest file). ``on_frames``
    is called (on the job's thread) with what there is so far as each stage arrives, so the
    window can show the poster while the frames are made; the job returns the final list."""

    def run(_progress: Progress, cancel: CancelToken) -> list[Path]:
        from ..media.thumbnails import thumbnail
        from ..paths import cache_dir

        local = Path(candidate.thumbnail_url) if candidate.ai_generated else None
        if local is not None and local.is_file():  # an AI picture made here: its own file
            frames = [Path(thumbnail(local, PREVIEW_BOX))]
            if on_frames is not None:
                on_frames(list(frames))
            return frames

        def work(store: object | None) -> list[Path]:
            provider = make_provider(candidate.provider, _net_context(store, ""))
            http = provider.http()  # type: ignore[attr-defined]
            dest = cache_dir("stock", "previews")
            shown: list[Path] = []
            poster = candidate.thumbnail_url
            if candidate.kind == "video" and poster:
                try:
                    got, sha = http.download(
                        poster, suffix=_suffix(poster), cancel=cancel, dest=dest
                    )
                    shown = [Path(thumbnail(got, PREVIEW_BOX, content_hash=sha))]
                    if on_frames is not None:
                        on_frames(list(shown))
                except (NetError, ShortVidError):
                    shown = []  # no poster: the frames still come
            url = _preview_rendition(candidate) or poster
            if not url:
                raise BadInputError(f"{candidate.provider} sent no preview for {candidate.id}.")
            cancel.raise_if_cancelled()
            got, sha = http.download(url, suffix=_suffix(url), cancel=cancel, dest=dest)
            if candidate.kind == "video" and _suffix(url) in (".mp4", ".webm"):
                frames = _clip_frames(Path(got), sha, cancel) or shown
            else:
                frames = [Path(thumbnail(got, PREVIEW_BOX, content_hash=sha))]
            if on_frames is not None and frames != shown:
                on_frames(list(frames))
            return frames

        return _with_store(work)  # type: ignore[return-value]

    return run


@dataclass
class GeneratedImage:
    """An AI picture made for a scene in the picker: a candidate, and its file as an asset
    (credited, marked AI-generated) ready for Replace."""

    scene_id: str
    candidate: Candidate
    asset: Asset
    prompt: str
    thumbnail: Path | None = None  # a small JPEG of it for the grid


def ai_prompt(project: Project, scene_id: str) -> str:
    """What the image model is asked to draw for a scene (narration, mood, canvas shape)."""
    return _ai_prompt(_scene(project, scene_id), project)


def ai_image_job(
    project: Project, scene_id: str
) -> Callable[[Progress, CancelToken], GeneratedImage]:
    """A job (any thread) asking the configured OpenAI-compatible images endpoint for a
    picture for one scene, prompted from its narration and mood and the canvas's shape. The
    budget is checked before anything is sent (BudgetExceededError, nothing spent); the cost
    goes in the usage ledger. Changes nothing in the project."""
    frozen = clone(project)
    prompt = ai_prompt(frozen, scene_id)
    tpl = frozen.template

    def run(progress: Progress, cancel: CancelToken) -> GeneratedImage:
        from ..media.importer import asset_from_path
        from ..media.thumbnails import thumbnail

        def work(store: object | None) -> GeneratedImage:
            provider = make_provider("ai", _net_context(store, frozen.id))
            if not provider.available():
                raise BadInputError(
                    f"No AI image: {provider.unavailable_reason()} "
                    "(set the provider and its key in Settings > AI)."
                )
            [cand] = provider.search(
                prompt, orientation=orientation_of(tpl.width, tpl.height), kind="photo"
            )
            progress(0.1, "Drawing the picture")
            got = provider.download(cand, cancel=cancel)
            asset = asset_from_path(got.path)
            # each picture drawn is its own candidate (the same prompt draws another one)
            shown = replace(cand, id=got.sha256[:16], thumbnail_url=str(got.path))
            _credit(asset, shown)
            small = Path(thumbnail(got.path, THUMB_SIZE, content_hash=got.sha256))
            progress(1.0, "Downloaded")
            return GeneratedImage(scene_id, shown, asset, prompt, small)

        return _with_store(work)  # type: ignore[return-value]

    return run


@dataclass
class PickerQueries:
    """The search queries the LLM wrote for the picker: per scene id, 2-3 (English)."""

    queries: dict[str, list[str]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    language: str = QUERY_LANGUAGE


def picker_queries_job(project: Project) -> Callable[[Progress, CancelToken], PickerQueries]:
    """A job (any thread): the LLM's search queries for every scene in one call, when an AI
    provider is set ({} without one, or {} and a notice when the call fails)."""
    frozen = clone(project)

    def run(progress: Progress, cancel: CancelToken) -> PickerQueries:
        def work(store: object | None) -> PickerQueries:
            out = PickerQueries()
            progress(0.0, "Writing search queries")
            out.queries = llm_queries(frozen, _net_context(store, frozen.id), cancel, out.notices)
            return out

        return _with_store(work)  # type: ignore[return-value]

    return run

"""Variety: the variants of one manifest row become different videos.

For each variant ``plan_variants`` decides, deterministically from the row's seed (so a resumed
run plans the same videos): the output name, the order of the row's media (variant 1 keeps the
manifest's order, the others a seeded shuffle unlike any earlier variant's), a Ken Burns seed,
and a music track (another track of a ``music`` folder for each variant). ``script_for_variant``
writes the script: an LLM is told what the earlier variants opened with and asked for another
angle; the offline helper opens with another sentence. ``check_variety`` then says when two
variants still share an opening sentence or a visual order (and why, when it cannot be avoided).

The batch runner calls, per row::

    plans = plan_variants(request)  # also for --dry-run: names, media orders, tracks
    openings: list[str] = []
    for plan in plans:  # in order: each variant is told the openings before it
        result = script_for_variant(request, plan, openings, provider=...)
        openings.append(opening_sentence(result.script))
        ...  # the make of today, importing plan.media in this order, music plan.music
        apply_variant(session, plan)  # Ken Burns seed; before the timeline is laid out
    notes = check_variety([scripts...], [visual_order(s.project) for s in sessions])
"""

from __future__ import annotations

import json
import os
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ...ai.generate import ScriptResult
from ...ai.generate import script_from_topic as _script_from_topic
from ...ai.offline import first_sentence, script_from_text, sentence_key
from ...core.errors import BadInputError
from ...core.model import Project, Script
from ...core.serial import ValidationError, from_dict
from ...jobs import CancelToken, Progress
from ...net import NetContext
from .manifest import AUDIO_EXTENSIONS, BatchRequest, natural_key

T = TypeVar("T")
DEFAULT_SECONDS = 30
_SHUFFLE_TRIES = 64


@dataclass(frozen=True)
class VariantPlan:
    """What makes one variant of a row differ from the others."""

    row: int  # the manifest row
    index: int  # 1..count
    count: int  # how many variants the row makes
    name: str  # the output stem: the row's name, or `<name>-<index>` when count > 1
    seed: int  # this variant's seed (from the row's seed, or its content when that is 0)
    media: tuple[str, ...]  # the row's media in this variant's order (import them in it)
    music: str  # one sound file ("" = none given); a `music` folder gives each variant another
    ken_burns_seed: int  # for Template.ken_burns_seed (see apply_variant)


def row_seed(request: BatchRequest) -> int:
    """The row's seed: its `seed` column, else a stable number from what it asks for (the
    same row gives the same variants in every run, so a resumed run plans the same videos)."""
    if request.seed:
        return request.seed
    what = "\n".join((request.topic, request.text, request.script, request.name))
    return zlib.crc32(what.encode("utf-8")) & 0x7FFFFFFF


def variant_seed(base: int, index: int) -> int:
    """A seed per variant, stable across runs and platforms (str seeds hash with SHA-512)."""
    return random.Random(f"shortvid-variant:{base}:{index}").getrandbits(31)


def shuffled(items: Sequence[T], seed: int, earlier: Sequence[Sequence[T]] = ()) -> list[T]:
    """``items`` in a seeded order unlike each of ``earlier`` when one exists (else the last
    order tried: ``check_variety`` reports it)."""
    out = list(items)
    if len(set(map(str, out))) < 2:
        return out
    seen = {tuple(map(str, e)) for e in earlier}
    rng = random.Random(seed)
    for _ in range(_SHUFFLE_TRIES):
        rng.shuffle(out)
        if tuple(map(str, out)) not in seen:
            return out
    for shift in range(1, len(out)):  # few orders exist: try the rotations
        rotated = out[shift:] + out[:shift]
        if tuple(map(str, rotated)) not in seen:
            return rotated
    return out


def music_tracks(music: str) -> list[str]:
    """The sound files of a `music` value: a folder's by name, a file itself, or none."""
    if not music:
        return []
    p = Path(music)
    if p.is_dir():
        try:
            found = [f for f in p.iterdir() if f.suffix.lower() in AUDIO_EXTENSIONS and f.is_file()]
        except OSError:
            return []
        return [os.path.abspath(f) for f in sorted(found, key=natural_key)]
    return [music]


def plan_variants(request: BatchRequest, n: int | None = None) -> list[VariantPlan]:
    """The plans of the row's ``n`` variants (default ``request.variants``), in order."""
    count = max(1, request.variants if n is None else n)
    base = row_seed(request)
    tracks = music_tracks(request.music)
    first_track = base % len(tracks) if len(tracks) > 1 else 0
    plans: list[VariantPlan] = []
    orders: list[tuple[str, ...]] = []
    for index in range(1, count + 1):
        seed = variant_seed(base, index)
        if index == 1:
            media = tuple(request.media)  # the manifest's own order
        else:
            media = tuple(shuffled(request.media, seed, orders))
        orders.append(media)
        music = tracks[(first_track + index - 1) % len(tracks)] if tracks else ""
        plans.append(
            VariantPlan(
                row=request.row,
                index=index,
                count=count,
                name=request.name if count == 1 else f"{request.name}-{index}",
                seed=seed,
                media=media,
                music=music,
                ken_burns_seed=seed,
            )
        )
    return plans


# --------------------------------------------------------------------------- scripts
def _read_script_file(path: str, lang: str, plan: VariantPlan, avoid: Sequence[str]) -> Script:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInputError(f"Script file not found: {p}", path=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"Cannot read script file {p}: {exc}", path=str(p)) from None
    if p.suffix.lower() == ".json":
        try:
            script = from_dict(Script, json.loads(text))
        except json.JSONDecodeError as exc:
            raise BadInputError(f"{p}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        except ValidationError as exc:
            raise BadInputError(f"{p}: {exc}", path=str(p)) from None
        if lang != "auto":
            script.language = lang
        return script  # a finished script is used as written (check_variety reports it)
    return script_from_text(text, language=lang, variant=plan.index, avoid_openings=avoid)


def script_for_variant(
    request: BatchRequest,
    plan: VariantPlan,
    avoid_openings: Sequence[str] = (),
    *,
    provider: str | None = None,
    style: str = "explainer",
    model: str | None = None,
    base_url: str | None = None,
    context: NetContext | None = None,
    project_id: str = "",
    fallback: bool = True,
    progress: Progress | Callable[[float, str], None] | None = None,
    cancel: CancelToken | None = None,
) -> ScriptResult:
    """The script of one variant. ``avoid_openings``: the opening sentences of the row's earlier
    variants (``opening_sentence`` of their scripts).

    A `script` file is read (a text file opens with another sentence per variant; a JSON script
    is used as written); a `text` is split offline the same way (the `topic`, if any, is its
    title); a `topic` goes to the provider (named, else the configured one; `offline` for none)
    with the openings to avoid, falling back to the offline helper with a notice. Without
    ``context`` the app's settings, ledger and budgets apply (the database is opened for the
    call). Raises BadInputError, Cancelled, and NetError subclasses only when not ``fallback``.
    """
    lang = request.lang or "auto"
    if request.script:
        script = _read_script_file(request.script, lang, plan, avoid_openings)
        return ScriptResult(script, "offline", offline=True)
    if request.text:
        script = script_from_text(
            request.text,
            language=lang,
            title=request.topic or None,
            variant=plan.index,
            avoid_openings=avoid_openings,
        )
        return ScriptResult(script, "offline", offline=True)
    kwargs = {
        "notes": "",
        "style": style,
        "model": model,
        "base_url": base_url,
        "fallback": fallback,
        "variant": plan.index,
        "seed": plan.seed,
        "avoid_openings": tuple(avoid_openings),
    }
    seconds = request.seconds or DEFAULT_SECONDS

    def ask(ctx: NetContext) -> ScriptResult:
        result = _script_from_topic(
            request.topic, provider, lang, seconds, progress, cancel, context=ctx, **kwargs
        )
        if result.offline or not _repeats(result.script, avoid_openings):
            return result
        # The model opened like an earlier variant: ask once more, then let check_variety
        # report it (never a loop of paid calls).
        again = _script_from_topic(
            request.topic, provider, lang, seconds, progress, cancel, context=ctx, **kwargs
        )
        note = f"{result.provider} opened like an earlier variant; asked once more"
        if _repeats(again.script, avoid_openings):
            note += ", and it did again"
        again.notices = [*result.notices, *again.notices, note]
        return again

    if context is not None:
        return ask(context)
    from ...secrets import install_log_redaction
    from ...store import Store
    from ..ai import net_context

    install_log_redaction()
    with Store() as store:
        return ask(net_context(store, project_id))


def _repeats(script: Script, openings: Sequence[str]) -> bool:
    key = sentence_key(opening_sentence(script))
    return bool(key) and key in {sentence_key(o) for o in openings}


def scripts_for_variants(
    request: BatchRequest, plans: Sequence[VariantPlan], **options: object
) -> list[ScriptResult]:
    """Every variant's script in turn, each told the openings of the ones before it (options
    as for ``script_for_variant``)."""
    results: list[ScriptResult] = []
    openings: list[str] = []
    for plan in plans:
        result = script_for_variant(request, plan, openings, **options)  # type: ignore[arg-type]
        results.append(result)
        opening = opening_sentence(result.script)
        if opening:
            openings.append(opening)
    return results


# --------------------------------------------------------------------------- session
def apply_variant(session: object, plan: VariantPlan) -> None:
    """Give the session's project this variant's Ken Burns seed (one undo step). Call it
    before the timeline is laid out (``Session.make`` lays it out)."""
    from ...edits import TemplatePropertyCommand

    project: Project = session.project  # type: ignore[attr-defined]
    if project.template.ken_burns_seed != plan.ken_burns_seed:
        session.stack.push(  # type: ignore[attr-defined]
            TemplatePropertyCommand("ken_burns_seed", plan.ken_burns_seed)
        )


def opening_sentence(script: Script | str) -> str:
    """The first sentence a script says (of its first narrated scene)."""
    if isinstance(script, str):
        return first_sentence(script)
    for scene in script.scenes:
        if scene.narration.strip():
            return first_sentence(scene.narration, script.language or "auto")
    return first_sentence(script.hook, script.language or "auto") if script.hook else ""


def visual_order(project: Project) -> tuple[str, ...]:
    """What the video shows, in order: the file of each clip on the video tracks by start (after
    the layout), else the order of the project's pictures and clips."""
    clips = sorted(
        (c for t in project.timeline.tracks if t.kind == "video" for c in t.clips),
        key=lambda c: c.start_us,
    )
    assets = project.assets
    if clips:
        return tuple(assets[c.asset_id].path if c.asset_id in assets else c.asset_id for c in clips)
    return tuple(a.path for a in assets.values() if a.kind in ("image", "video"))


def check_variety(
    scripts: Sequence[Script | str], media_orders: Sequence[Sequence[str]]
) -> list[str]:
    """Plain-words reports of variants that are not different: two that open with the same
    sentence, or that show the same pictures in the same order (saying so when it cannot be
    avoided, e.g. one picture). Variants are numbered from 1. Never raises on odd input."""
    problems: list[str] = []
    openings = [opening_sentence(s) for s in scripts]
    keys = [sentence_key(o) for o in openings]
    for j in range(len(keys)):
        for i in range(j):
            if keys[i] and keys[i] == keys[j]:
                problems.append(
                    f"variants {i + 1} and {j + 1} open with the same sentence: "
                    f'"{openings[j][:80]}"'
                )
                break
    orders = [tuple(map(str, o)) for o in media_orders]
    for j in range(len(orders)):
        for i in range(j):
            if orders[i] != orders[j] or not orders[j]:
                continue
            distinct = len(set(orders[j]))
            if distinct < 2:
                what = "one picture or clip" if distinct == 1 else "no pictures or clips"
                why = f"there is only {what} to show; give the row more media to vary them"
            elif _orders_possible(orders[j]) < len(orders):
                why = (
                    f"{distinct} pictures or clips allow only {_orders_possible(orders[j])} "
                    f"orders for {len(orders)} variants; give the row more media"
                )
            else:
                why = "another order was possible"
            problems.append(
                f"variants {i + 1} and {j + 1} show the same pictures in the same order ({why})"
            )
            break
    return problems


def _orders_possible(order: Sequence[str]) -> int:
    """How many different orders the items allow (repeated items counted once), capped."""
    import math

    counts: dict[str, int] = {}
    for item in order:
        counts[item] = counts.get(item, 0) + 1
    total = math.factorial(len(order))
    for c in counts.values():
        total //= math.factorial(c)
    return min(total, 10**6)


__all__ = [
    "DEFAULT_SECONDS",
    "VariantPlan",
    "apply_variant",
    "check_variety",
    "music_tracks",
    "opening_sentence",
    "plan_variants",
    "row_seed",
    "script_for_variant",
    "scripts_for_variants",
    "shuffled",
    "variant_seed",
    "visual_order",
]

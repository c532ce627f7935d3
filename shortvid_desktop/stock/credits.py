"""The credits stock and AI pictures ask for: one line per asset, in the order they appear."""

from __future__ import annotations

from ..core.model import Asset, Project

PROVIDER_LABELS = {"pexels": "Pexels", "pixabay": "Pixabay", "openverse": "Openverse"}


def credited_assets(project: Project) -> list[Asset]:
    """Stock and AI assets of the project, in timeline order (then any others not placed)."""
    order: list[str] = []
    for track in project.timeline.tracks:
        for clip in sorted(track.clips, key=lambda c: c.start_us):
            if clip.asset_id and clip.asset_id not in order:
                order.append(clip.asset_id)
    for scene in project.script.scenes:
        for asset_id in scene.media:
            if asset_id not in order:
                order.append(asset_id)
    order += [a for a in project.assets if a not in order]
    out = []
    for asset_id in order:
        asset = project.assets.get(asset_id)
        if asset is not None and (asset.source_provider or asset.ai_generated):
            out.append(asset)
    return out


def credit_line(asset: Asset) -> str:
    provider = asset.source_provider
    if asset.ai_generated:
        via = provider.split(":", 1)[1] if provider.startswith("ai:") else provider
        line = f"AI-generated image ({via or 'image model'})"
        if asset.author:
            line = f"{asset.author}"
        return line + (f"; {asset.licence}" if asset.licence else "")
    label = PROVIDER_LABELS.get(provider, provider or "unknown source")
    what = "Video" if asset.kind == "video" else "Photo"
    line = f"{what} by {asset.author or 'unknown author'} on {label}"
    if asset.author_url:
        line += f" ({asset.author_url})"
    if asset.source_url:
        line += f": {asset.source_url}"
    if asset.licence:
        line += f"; licence: {asset.licence}"
    return line


def end_card_text(project: Project) -> str:
    """The credits drawn over the video's end: one short line per stock author and provider
    ("Video by X on Pexels", "Photos by Y on Openverse (CC BY 2.0)"), then "Images:
    AI-generated" when there are AI pictures; "" when there is nothing to credit."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    ai = False
    for asset in credited_assets(project):
        if asset.ai_generated:
            ai = True
            continue
        label = PROVIDER_LABELS.get(asset.source_provider, asset.source_provider or "")
        what = "Video" if asset.kind == "video" else "Photo"
        kinds = groups.setdefault((asset.author or "unknown author", label, asset.licence), [])
        if what not in kinds:
            kinds.append(what)
    lines = []
    for (author, label, licence), kinds in groups.items():
        what = " and ".join(kinds) if len(kinds) > 1 else kinds[0]
        line = f"{what} by {author}" + (f" on {label}" if label else "")
        if licence.upper().startswith("CC"):  # the licences that ask for attribution
            line += f" ({licence.split(' (', 1)[0]})"
        lines.append(line)
    if ai:
        lines.append("Images: AI-generated")
    return "\n".join(lines)


def credits_text(project: Project) -> str:
    """The credits of every stock or AI asset, one per line; "" when there are none."""
    assets = credited_assets(project)
    if not assets:
        return ""
    lines = ["Credits", ""] + [f"- {credit_line(a)}" for a in assets]
    return "\n".join(lines) + "\n"

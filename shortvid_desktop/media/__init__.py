"""Media files: probing (PyAV), content hashing, import with de-duplication, thumbnails, waveforms.

No Qt here; the window reaches this through ``session``. Every rejection is a
:class:`~shortvid_desktop.core.errors.MediaError` whose message names the file.
"""

from __future__ import annotations

from .hashing import content_hash
from .importer import ImportResult, asset_from_info, asset_from_path, expand_paths, scan_paths
from .probe import (
    IMAGE_CODECS,
    MediaKind,
    ProbeError,
    ProbeInfo,
    ProblemCode,
    check_file,
    open_container,
    probe,
)
from .thumbnails import thumbnail, waveform, waveform_picture

__all__ = [
    "IMAGE_CODECS",
    "ImportResult",
    "MediaKind",
    "ProbeError",
    "ProbeInfo",
    "ProblemCode",
    "asset_from_info",
    "asset_from_path",
    "check_file",
    "content_hash",
    "expand_paths",
    "open_container",
    "probe",
    "scan_paths",
    "thumbnail",
    "waveform",
    "waveform_picture",
]

"""Content hashes: the identity of a media file for de-duplication and cache keys."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable

CHUNK_SIZE = 1024 * 1024

# (absolute path, size, mtime_ns, inode) -> hash; saves re-reading big videos for cache lookups.
_memo: dict[tuple[str, int, int, int], str] = {}
_memo_lock = threading.Lock()
_MEMO_MAX = 4096


def content_hash(
    path: str | os.PathLike[str],
    *,
    on_chunk: Callable[[int], None] | None = None,
) -> str:
    """BLAKE2b hex digest of the file's bytes, read in 1 MiB chunks.

    Results are remembered per process for an unchanged file (same size, mtime and inode), so
    asking again for a thumbnail or waveform key costs one ``stat``. ``on_chunk(bytes_read)`` is
    called after each chunk (for progress and cancel checks; it may raise to stop). Raises
    ``OSError`` when the file cannot be read.
    """
    p = os.path.abspath(os.fspath(path))
    st = os.stat(p)
    key = (p, st.st_size, st.st_mtime_ns, st.st_ino)
    with _memo_lock:
        cached = _memo.get(key)
    if cached is not None:
        return cached
    digest = hashlib.blake2b()
    done = 0
    with open(p, "rb") as fh:
        while chunk := fh.read(CHUNK_SIZE):
            digest.update(chunk)
            done += len(chunk)
            if on_chunk is not None:
                on_chunk(done)
    result = digest.hexdigest()
    with _memo_lock:
        if len(_memo) >= _MEMO_MAX:
            _memo.clear()
        _memo[key] = result
    return result


def clear_hash_memo() -> None:
    """Forget remembered hashes (tests; or after files were rewritten within one mtime tick)."""
    with _memo_lock:
        _memo.clear()


def short_key(digest: str, length: int = 32) -> str:
    """A shorter form of a content hash for file names."""
    return digest[:length]


__all__ = ["CHUNK_SIZE", "clear_hash_memo", "content_hash", "short_key"]

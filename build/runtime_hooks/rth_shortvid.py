"""PyInstaller runtime hook for the ShortVid bundle: runs before the app's first import.

* Programs the app starts from the system (espeak-ng for the Chinese voice, fc-list, xdg-open)
  must not load the bundle's private libraries: on Linux the bootloader prepends the bundle to
  ``LD_LIBRARY_PATH`` (keeping the user's value in ``LD_LIBRARY_PATH_ORIG``), and children inherit
  it. This process has loaded its libraries' search path already, so the user's value is put back.
* HTTPS through the standard library (urllib) uses the bundled certifi CA file where the user has
  not chosen one: the bundled OpenSSL looks for system certificates where the build machine kept
  them, which need not exist on the user's machine. (openai/httpx, aiohttp and edge-tts use certifi
  themselves.)
"""

import os
import sys


def _restore_library_path() -> None:
    if not sys.platform.startswith("linux"):
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)


def _certificates() -> None:
    if sys.platform.startswith("win") or os.environ.get("SSL_CERT_FILE"):
        return
    try:
        import certifi
    except ImportError:
        return
    where = certifi.where()
    if os.path.isfile(where):
        os.environ["SSL_CERT_FILE"] = where


_restore_library_path()
_certificates()

"""ShortVid Desktop: make a short video from an idea, on your own machine."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("shortvid-desktop")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

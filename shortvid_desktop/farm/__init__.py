"""The render farm: Celery workers on Redis, assets in S3-compatible (or file://) storage.

Imports render, voice, media, core and jobs; only session/ and the worker command use it.
"""

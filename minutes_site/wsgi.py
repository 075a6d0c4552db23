"""WSGI entry point, used by gunicorn in production."""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minutes_site.settings")

application = get_wsgi_application()


def _warm_up() -> None:
    """Build the search segmenter now (jieba's dictionary and the archive's own words, about
    a second), so that a worker's first searches do not pay for it."""
    from django.db import connections

    from archive.search.dictionary import segmenter

    try:
        segmenter()
    except Exception:  # e.g. the database not reachable yet: the first search builds it
        logging.getLogger(__name__).warning("search segmenter not built at start", exc_info=True)
    finally:
        connections.close_all()


_warm_up()

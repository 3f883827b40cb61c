"""Kanoon (کانون): the national platform for people's participation in health."""

from .celery import app as celery_app

__all__ = ["celery_app"]

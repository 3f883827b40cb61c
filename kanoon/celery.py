"""Celery application. Without REDIS_URL every task runs inline (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanoon.settings")

app = Celery("kanoon")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

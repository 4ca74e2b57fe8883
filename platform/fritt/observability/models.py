"""The worker's heartbeat, written by a periodic task so /healthz can tell the worker lives."""

from django.db import models


class Heartbeat(models.Model):
    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"

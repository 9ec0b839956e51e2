"""Deliveries: e-mail and webhooks, one message to one recipient, sent by the workers with
every try recorded (models/notification.py)."""

# Registers the deliveries.send task wherever deliveries are queued (API and workers).
from uplift.deliveries import tasks as tasks

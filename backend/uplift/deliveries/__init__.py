"""Deliveries: e-mail and webhooks, one message to one recipient, sent by the workers with
every try recorded (models/notification.py)."""

# Registers the deliveries.send task and the webhooks' event handler wherever deliveries
# are queued (API and workers).
from uplift.deliveries import fanout as fanout
from uplift.deliveries import tasks as tasks

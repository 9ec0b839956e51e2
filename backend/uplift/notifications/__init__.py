"""In-app notifications, contacts, reminders and digests (issue 10)."""

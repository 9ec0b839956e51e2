"""Follow-ups (管考): tracking each issued recommendation until the commission releases it."""

"""Uplift: tracking service-improvement plans from plan to verified result."""

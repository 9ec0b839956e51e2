"""Findings (查證結果): strengths and recommendations a verification round writes."""

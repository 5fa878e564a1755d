"""Pieces every domain uses: access declarations, time, references, form helpers, errors."""

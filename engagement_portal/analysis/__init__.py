"""Text analysis that runs offline: readability feedback for staff writing plain or easy-read
text. Nothing here downloads data."""

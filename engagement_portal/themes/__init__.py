"""Themes: groupings of the views given to one engagement."""

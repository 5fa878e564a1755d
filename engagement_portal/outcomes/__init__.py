"""Outcomes ("you said, we did"): what was decided, why, and the changes that follow."""

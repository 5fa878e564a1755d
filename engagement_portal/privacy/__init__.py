"""Data protection: copies, withdrawal and retention of what people gave (UK GDPR)."""

"""Running the service: health check, backup and restore."""

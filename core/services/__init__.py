"""Core services: every write goes through here, after validation and the access layer."""

"""Local HTTP servers that speak real platform APIs, for tests and the bench."""

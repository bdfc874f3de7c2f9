"""Build tooling for the course kit: figures and releases."""

"""One module per CLI command; ``secsuite.cli`` assembles them into the typer app."""

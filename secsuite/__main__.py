from secsuite.cli import app

app()

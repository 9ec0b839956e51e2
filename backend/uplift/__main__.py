from uplift.cli import app

app()

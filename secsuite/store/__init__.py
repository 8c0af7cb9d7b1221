"""The result store: SQLAlchemy 2 models, a SQLite file by default, any SQLAlchemy URL by choice."""

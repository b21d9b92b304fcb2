"""The SQLite snapshot store: schema (migrations.py) and the functions that read and write it."""

"""Readers that turn files (and, later, databases) into tables of string columns, batch by batch."""

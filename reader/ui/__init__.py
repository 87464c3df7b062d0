"""The reader window (PySide6). It calls reader.core for everything and never runs SQL."""

"""Input format loaders: each returns a Document (plain data plus key positions)."""

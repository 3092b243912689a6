"""The question bank and its files. Never imports Qt."""

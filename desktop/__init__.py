"""The Qt (PySide6) GUI: windows, widgets, Qt models, workers; a thin layer over the rest."""

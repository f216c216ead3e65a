"""The panels' definitions: one module per panel, plain Python without ipywidgets."""

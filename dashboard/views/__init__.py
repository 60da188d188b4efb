"""One module per dashboard view, each with ``render(loaded)``."""

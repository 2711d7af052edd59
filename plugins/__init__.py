"""The five built-in jurisdiction plugins, each an independent package (see pyproject entry points)."""

"""(filled in below)"""

HANDLERS: list[object] = []

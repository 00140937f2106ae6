"""Actor knowledge: PETRARCH/TABARI dictionaries and resolving mentions to CAMEO codes."""

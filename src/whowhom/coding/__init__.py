"""Event coding: verb dictionaries, CAMEO tables and extraction from a dependency parse."""

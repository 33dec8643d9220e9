"""Date and number formats where Django's own do not suit Denmark (settings.FORMAT_MODULE_PATH)."""

"""The terminal side of explorer: the command line and the Textual app."""

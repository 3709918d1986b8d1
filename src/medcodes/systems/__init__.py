"""One module per code system or source format; see ``registry`` for the list."""

"""The web app and JSON API: thin routers over the library, rendered with Jinja2."""

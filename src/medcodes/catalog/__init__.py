"""The SQLite catalog: schema, atomic build, and the read API. The library owns all SQL."""

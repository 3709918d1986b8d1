"""Query understanding, retrieval and ranking. Every front end (CLI, web, FHIR) calls ``engine``."""

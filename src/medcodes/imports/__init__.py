"""Code sets users import from files they are licensed to use (HCPCS, CPT, LOINC, ...).

``store`` keeps each imported release (its source files and a manifest) so every build
re-applies it; ``importer`` validates a file, stores it and rebuilds the catalog atomically;
``kinds`` maps each ``medcodes import KIND`` to its loader.
"""

"""``python -m medcodes ...``: the ``medcodes`` command, for an interpreter without its script
on PATH (a virtual environment not activated, a source tree on PYTHONPATH)."""

from medcodes.cli.main import main

if __name__ == "__main__":
    main()

"""The command line: one module per subcommand; each parses arguments and prints, nothing more."""

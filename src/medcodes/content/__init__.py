"""What the page of one code shows: its record, sections, articles and similar codes."""

"""khplan's tests; `tests.fixtures` makes the files they read (PDF and DOCX renderings, hostile input)."""

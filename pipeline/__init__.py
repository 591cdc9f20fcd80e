"""khplan's pipeline: readers → Document → extractors → writers, and the CLI."""

"""Orchestration: a run over files and folders (runner), the worker processes or Ray cluster that process
them (executors), and what a worker does with each file (worker)."""

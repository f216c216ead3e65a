"""Fuzzing harnesses for recall-outlook's input-facing functions (see README.md)."""

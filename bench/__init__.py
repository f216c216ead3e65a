"""Side-by-side benchmarks of recall-outlook (see RESULTS.md)."""

"""Performance benchmarks of timeline: `python -m bench [--quick] [--only STAGE]`."""

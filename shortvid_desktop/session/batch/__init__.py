"""Batch production: many videos from one manifest (CSV or JSONL), varied, resumable."""

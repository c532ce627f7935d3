"""Render: Project -> RenderPlan -> one FFmpeg graph."""

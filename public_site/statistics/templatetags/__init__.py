"""Template helpers of the statistics pages."""

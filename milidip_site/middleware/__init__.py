"""Site-wide middleware that belongs to no app."""

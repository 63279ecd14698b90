"""Stand-in for sklearn.feature_extraction."""

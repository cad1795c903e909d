"""Estimators. No I/O happens here: models take frames and return results."""

"""Feature builders: pure functions Panel -> Series/DataFrame, registered by name."""

from attribution.features.registry import FEATURES, get_feature, register

__all__ = ["FEATURES", "get_feature", "register"]

"""Feature builders: pure functions Panel -> Series/DataFrame, registered by name.

Importing the package registers every family's builders (see ``docs/features.md``).
"""

from attribution.features import (  # noqa: E402,F401,I001  (registers the builders)
    cross_asset,
    curve,
    divergence,
    fx,
    holdings,
    liquidity,
    positioning,
    weekly,
)
from attribution.features.registry import FEATURES, get_feature, register

__all__ = ["FEATURES", "get_feature", "register"]

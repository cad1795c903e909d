"""Run configuration: YAML to a frozen, validated :class:`RunConfig`.

No network, no maths.
"""

from attribution.config.load import config_from_dict, load_config
from attribution.config.schema import RunConfig
from attribution.domain.window import Window

__all__ = ["RunConfig", "Window", "config_from_dict", "load_config"]

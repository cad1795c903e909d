"""The HAC options of ``fit(cov="hac", **cov_config)``, as in linearmodels."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, TypedDict, cast

from attribution._typing import BandwidthRule, Kernel
from attribution._validation import as_float, as_option
from attribution.exceptions import DeprecatedOptionWarning, ModelSpecificationError, fmt
from attribution.models.covariance.kernels import RULES, KernelCovariance, kernel_class


class HACConfig(TypedDict, total=False):
    """Keys of ``cov_config`` for ``cov="hac"`` (all optional).

    Attributes
    ----------
    kernel : {"bartlett", "parzen", "quadratic-spectral"}
        Default ``"bartlett"``.
    bandwidth : int
        Truncation lag L (weights :math:`k(j/(L+1))`).
    kernel_bandwidth : float
        Real bandwidth b (weights :math:`k(j/b)`).
    bandwidth_rule : {"rule_of_thumb", "andrews1991", "newey_west1994"}
        Rule used when neither is given.
    prewhite : bool
        VAR(1) prewhitening.
    adjust : bool
        Finite-sample factor T/(T-k).
    """

    kernel: Kernel
    bandwidth: int | float | None
    kernel_bandwidth: float | None
    bandwidth_rule: BandwidthRule | None
    prewhite: bool
    adjust: bool


KEYS: tuple[str, ...] = tuple(HACConfig.__annotations__)
KERNEL_NAMES: tuple[Kernel, ...] = ("bartlett", "parzen", "quadratic-spectral")


def hac_estimator(
    config: Mapping[str, Any], *, stacklevel: int = 3
) -> KernelCovariance:
    """Return the kernel estimator that ``cov_config`` describes.

    Parameters
    ----------
    config : Mapping
        Keys of :class:`HACConfig`.
    stacklevel : int, default 3
        Of the deprecation warning, so that it points at the user's ``fit``.

    Returns
    -------
    KernelCovariance
        An instance of the kernel's class, configured.

    Raises
    ------
    ModelSpecificationError
        Naming an unknown key or an invalid value.

    Notes
    -----
    ``bandwidth`` with the quadratic-spectral kernel used to mean the real
    bandwidth (the kernel has no truncation lag). It still does, with a
    :class:`~attribution.exceptions.DeprecatedOptionWarning` asking for
    ``kernel_bandwidth``; the numbers are unchanged.
    """
    unknown = [k for k in config if k not in KEYS]
    if unknown:
        raise ModelSpecificationError(
            fmt("cov_config", f"keys among {list(KEYS)}", unknown[0])
        )
    kernel = as_option(config.get("kernel", "bartlett"), "kernel", KERNEL_NAMES)
    cls = kernel_class(kernel)
    bandwidth = config.get("bandwidth")
    kernel_bandwidth = config.get("kernel_bandwidth")
    if bandwidth is not None and not cls.truncated and kernel_bandwidth is None:
        warnings.warn(
            f"bandwidth={bandwidth!r} with the {kernel} kernel is a real kernel "
            "bandwidth (the kernel has no truncation lag); pass it as "
            "kernel_bandwidth= (same numbers). `bandwidth` is the integer "
            "truncation lag L.",
            DeprecatedOptionWarning,
            stacklevel=stacklevel,
        )
        kernel_bandwidth = as_float(bandwidth, "bandwidth", low=1e-12)
        bandwidth = None
    rule: BandwidthRule | None = config.get("bandwidth_rule")
    if rule is not None:
        rule = cast(
            BandwidthRule,
            as_option(resolve_rule(rule, stacklevel + 1), "bandwidth_rule", RULES),
        )
    return cls(
        bandwidth=bandwidth,
        kernel_bandwidth=kernel_bandwidth,
        bandwidth_rule=rule,
        prewhite=bool(config.get("prewhite", False)),
        adjust=bool(config.get("adjust", False)),
    )


def resolve_rule(rule: str, stacklevel: int = 3) -> str:
    """Map the deprecated rule name ``"nw1994"`` to ``"rule_of_thumb"`` (warns).

    Parameters
    ----------
    rule : str
        A bandwidth rule name.
    stacklevel : int, default 3
        Of the warning.

    Returns
    -------
    str
        ``rule``, or ``"rule_of_thumb"`` for ``"nw1994"``.
    """
    if rule == "nw1994":
        warnings.warn(
            "bandwidth_rule='nw1994' is the rule of thumb floor(4 (T/100)^(2/9)), "
            "not the Newey-West (1994) plug-in; it is renamed 'rule_of_thumb' "
            "(same lags). Use 'newey_west1994' for the plug-in bandwidth.",
            DeprecatedOptionWarning,
            stacklevel=stacklevel,
        )
        return "rule_of_thumb"
    return rule

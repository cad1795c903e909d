"""Validation against simulated truth: the Monte Carlo the attribution models face.

This layer sits on top of ``engine`` and ``simulate``: it runs the engine's
entry points on worlds with known contributions. Nothing else in the package
imports it. See ``benchmarks/mc_attribution.py`` for the full run and the
README for its table.
"""

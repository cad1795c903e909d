"""The only place (with the CLI) that knows the whole chain.

sources -> panel -> features -> models -> engine -> reports.
"""

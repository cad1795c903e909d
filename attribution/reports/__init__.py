"""Writers only: tables, figures, the run manifest, atomic output folders.

Tables are written as CSV, Markdown and LaTeX.
"""

"""Writers only: tables (CSV/Markdown/LaTeX), figures, the run manifest, atomic output folders."""

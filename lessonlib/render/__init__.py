"""Pure drawing functions: (arrays, settings) -> matplotlib Figure or artists. They compute nothing a lesson needs."""

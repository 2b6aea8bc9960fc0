"""What the lessons compute about their examples: exercise checks, saturation, invariance."""

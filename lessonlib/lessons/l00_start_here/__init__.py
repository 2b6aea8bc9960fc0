"""Lesson 00, start here: how the course works, a check that the kernels run, the lesson list."""

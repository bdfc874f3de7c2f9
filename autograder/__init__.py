"""Grading for the course kit: the reference solutions, the hidden tests and the batch grader."""

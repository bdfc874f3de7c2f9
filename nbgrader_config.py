"""nbgrader settings for instructors running nbgrader by hand from the repository root."""

from pathlib import Path

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.root = str(Path(__file__).resolve().parent)
c.CourseDirectory.course_id = "convnets-from-scratch"

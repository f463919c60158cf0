"""From a Site to an output folder: the checks (one tuple, run by build and check), Jinja templates,
worker processes, BuildMemos (every stage's memo, kept across builds) and the writer (staging dir,
swap). Imports site and everything before it."""

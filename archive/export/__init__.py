"""CSV and JSON exports of the archive's lists, streamed row by row."""

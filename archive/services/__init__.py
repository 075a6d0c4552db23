"""Writes that editors make: corrections, department merges, the editors group."""

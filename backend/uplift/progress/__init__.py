"""Progress reports: enterprises (people and their systems) report on each measure."""

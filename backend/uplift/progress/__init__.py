"""Progress reporting. Importing it keeps the standings every flush of reports changes
(`standings._kept`)."""

from uplift.progress import standings as standings

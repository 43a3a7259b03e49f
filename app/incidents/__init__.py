"""Incidents: one per real-world happening, every event a report of one (README, "Incidents").

rules.py (when two reports can tell one happening), cluster.py (grouping, whatever the order
of arrival), attributes.py (an incident's date, place, actor and casualties from its reports)
are pure; service.py does it in the database, upkeep.py keeps it current on every write,
editing.py holds editors' merges, moves and splits.
"""

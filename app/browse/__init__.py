"""Read side of the browse pages: one builder per page, called by the HTML route and by the
JSON/CSV renderers alike (Datasette-style), so every format shows the same rows.

- `articles.list_articles`, `articles.article_detail`
- `events.list_events`, `events.list_troop_levels`
- `incidents.list_incidents`, `incidents.incident_view`, `incidents.incident_details`
- `actors.list_actors`, `actors.actor_profile`
"""

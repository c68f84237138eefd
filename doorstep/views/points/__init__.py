"""睦邻点 pages under /services/points/: registry and map, a point's page and steps, records, rating, attention list, dashboard."""

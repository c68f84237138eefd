"""Station pages under /services/stations/: public pages (list, map, one station), duty rosters, the reception log."""

"""Pieces every page shares, defined once: alerts and problem lists, area labels, dates and times, the map's browser
events, the geolocation control, the frame of server-rendered pages."""

"""Geography of Thailand: boundaries, web geometry, the area registry, point-in-area. Imports nothing of ours."""

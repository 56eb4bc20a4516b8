"""Dash pages, shared components, i18n and the REST API blueprint. Wiring only."""

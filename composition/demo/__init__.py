"""Demo data that `seed_demo` makes by walking the portal's own services, so that every screen
of a workflow can be seen at once after `make run`."""

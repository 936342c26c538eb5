"""`make bench`: the portal under production-like load, and its throughput and memory figures."""

"""The REST API and the web UI, served by one FastAPI app (``create_app``)."""

"""The help guide as the HSDS 3.0 API (`/api/hsds/`): reads, documents and HTTP helpers.
The routes are in `directory/api.py`."""

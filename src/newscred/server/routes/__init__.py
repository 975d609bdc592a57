"""Routers, one module per area. Later areas (compare, sources, stories) add a module
here with an `APIRouter` under `/v1` and are included in `app.create_app`."""

"""The FastAPI application: `uvicorn app.main:app`."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.config import get_settings
from app.db import get_engine
from app.health import describe_database
from app.web import api, pages


def create_app() -> FastAPI:
    settings = get_settings()
    application = FastAPI(
        title="Militia–US tensions tracker",
        description="Extracts threats, attacks, strikes, ceasefires, withdrawal demands, "
        "talks and US troop levels from news articles, with the evidence for each.",
        version="0.1.0",
    )
    application.state.database_label = describe_database(get_engine())
    application.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    application.mount(
        "/vendor/plotly", StaticFiles(packages=[("plotly", "package_data")]), name="plotly"
    )
    application.include_router(api.health_router)
    application.include_router(api.router)
    application.include_router(pages.router)
    return application


app = create_app()

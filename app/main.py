"""The FastAPI application: `uvicorn app.main:app`."""

from __future__ import annotations

from urllib.parse import quote

import swagger_ui_bundle
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.config import get_settings
from app.db.engine import get_engine
from app.db.health import describe_database
from app.web import account, api, api_articles, api_docs, incident_edits, pages, upload
from app.web import admin as admin_pages
from app.web import browse as browse_pages
from app.web import incidents as incident_pages
from app.web import review as review_pages
from app.web import timeline as timeline_api
from app.web.auth import SignInRequired, get_current_user
from app.web.body_limit import BodySizeLimitMiddleware
from app.web.error_pages import html_or_json_error
from app.web.head_requests import HeadAsGetMiddleware
from app.web.hostile_input import HANDLED, RefuseNulMiddleware, too_large_number
from app.web.openapi import install_openapi
from app.web.private_pages import NoStorePrivateMiddleware
from app.web.security_headers import SecurityHeadersMiddleware
from app.web.sessions import SessionCookieMiddleware

SESSION_MAX_AGE = 14 * 24 * 3600


def redirect_to_sign_in(_request: Request, exc: Exception) -> RedirectResponse:
    target = exc.next_url if isinstance(exc, SignInRequired) else "/"
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def create_app() -> FastAPI:
    settings = get_settings()
    application = FastAPI(
        title="Militia–US tensions tracker",
        description="Extracts threats, attacks, strikes, ceasefires, withdrawal demands, "
        "talks and US troop levels from news articles, with the evidence for each.",
        version="0.1.0",
        docs_url=None,  # app/web/api_docs.py serves /docs from the app itself
        redoc_url=None,
    )
    application.state.database_label = describe_database(get_engine())
    application.add_middleware(
        SessionCookieMiddleware,
        always_secure=settings.secure_cookies,
        secret_key=settings.get_secret_key(),
        session_cookie="tracker_session",
        max_age=SESSION_MAX_AGE,
        same_site="lax",
    )
    application.add_middleware(BodySizeLimitMiddleware, limit=settings.max_request_bytes)
    application.add_middleware(SecurityHeadersMiddleware)
    application.add_middleware(RefuseNulMiddleware)
    application.add_middleware(NoStorePrivateMiddleware)
    application.add_middleware(HeadAsGetMiddleware)
    # plotly.min.js is 4.8 MB: compressed it is about 1.4 MB (pages drew their charts 2–6 s
    # after load), and large JSON and CSV answers shrink the same way.
    application.add_middleware(GZipMiddleware, minimum_size=2048)
    application.add_exception_handler(SignInRequired, redirect_to_sign_in)
    application.add_exception_handler(StarletteHTTPException, html_or_json_error)
    for error in HANDLED:
        application.add_exception_handler(error, too_large_number)
    application.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    application.mount(
        "/vendor/swagger-ui",
        StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
        name="swagger-ui",
    )
    application.include_router(api_docs.router)
    application.mount(
        "/vendor/plotly", StaticFiles(packages=[("plotly", "package_data")]), name="plotly"
    )
    application.include_router(api.health_router)
    application.include_router(api.router)
    application.include_router(timeline_api.router)
    application.include_router(api_articles.router)
    page_deps = [Depends(get_current_user)]
    application.include_router(account.router, dependencies=page_deps)
    application.include_router(pages.router, dependencies=page_deps)
    application.include_router(upload.router, dependencies=page_deps)
    application.include_router(browse_pages.api_router)
    application.include_router(browse_pages.router, dependencies=page_deps)
    application.include_router(incident_pages.api_router)
    application.include_router(incident_pages.router, dependencies=page_deps)
    application.include_router(review_pages.router, dependencies=page_deps)
    application.include_router(incident_edits.router, dependencies=page_deps)
    application.include_router(admin_pages.router, dependencies=page_deps)
    install_openapi(application)
    return application


app = create_app()

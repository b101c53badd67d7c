"""Stories (articles of many outlets about one event) and the claims their
outlets disagree on: JSON routes under /api and the story pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from newsgraph.api.errors import ERROR_RESPONSES, NotFoundError
from newsgraph.api.params import MAX_ID, Limit, Offset
from newsgraph.api.rest import engine_of
from newsgraph.query.resolution import list_stories, story_conflicts, story_detail

api = APIRouter(prefix="/api", responses=ERROR_RESPONSES)
pages = APIRouter(include_in_schema=False)

StoryId = Annotated[int, Path(ge=1, le=MAX_ID, description="Story id.")]
MinArticles = Annotated[int, Query(ge=1, le=1000, description="Only stories with at least this many articles.")]


def story_json(request: Request, story_id: int) -> dict[str, Any]:
    engine = engine_of(request)
    found = story_detail(engine, story_id)
    if found is None:
        raise NotFoundError(f"no story with id {story_id}")
    summary, articles = found
    return summary.to_json() | {
        "reports": [article.to_json() for article in articles],
        "conflicts": [conflict.to_json() for conflict in story_conflicts(engine, story_id)],
    }


@api.get("/stories", tags=["stories"])
def stories(request: Request, min_articles: MinArticles = 2, limit: Limit = 50, offset: Offset = 0) -> list[dict]:
    """Stories, latest first, each with its first report."""
    rows = list_stories(engine_of(request), min_articles=min_articles, limit=limit, offset=offset)
    return [story.to_json() for story in rows]


@api.get("/stories/{story_id}", tags=["stories"])
def story(request: Request, story_id: StoryId) -> dict[str, Any]:
    """A story: its reports in order of publication (first report marked) and
    the claims its outlets disagree on, each version with its evidence."""
    return story_json(request, story_id)


@api.get("/conflicts", tags=["stories"])
def conflicts(request: Request, limit: Limit = 50, offset: Offset = 0) -> list[dict[str, Any]]:
    """Conflicting claims, story by story (latest stories first)."""
    engine = engine_of(request)
    found = []
    for summary in list_stories(engine, min_articles=2, limit=limit, offset=offset):
        for conflict in story_conflicts(engine, summary.id):
            found.append({"story_id": summary.id, "story_title": summary.title, **conflict.to_json()})
    return found


@pages.get("/stories", response_class=HTMLResponse)
def stories_page(request: Request) -> HTMLResponse:
    rows = list_stories(engine_of(request), min_articles=2, limit=200)
    return request.app.state.templates.TemplateResponse(request, "stories.html", {"stories": rows})


@pages.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: StoryId) -> HTMLResponse:
    engine = engine_of(request)
    found = story_detail(engine, story_id)
    if found is None:
        raise NotFoundError(f"no story with id {story_id}")
    summary, articles = found
    context = {"story": summary, "reports": articles, "conflicts": story_conflicts(engine, story_id)}
    return request.app.state.templates.TemplateResponse(request, "story.html", context)

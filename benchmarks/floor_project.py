"""A bare Django project serving the same kinds of pages: the floor under Milidip.

Built in a scratch folder with Milidip's own virtualenv (the same Django, DRF and
gunicorn): 1,000 articles in SQLite, a list of 20 and a detail page with a page
chrome like a real site's (head, header with navigation and search, footer), a
DRF list of 20 and a DRF detail, and a trivial view. What Django itself costs.
"""

import subprocess
import sys
from pathlib import Path

SETTINGS = """
SECRET_KEY = "floor-only-not-secret-" + "x" * 30
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles", "rest_framework", "content",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "floorsite.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": __import__("pathlib").Path(__file__).parent / "db.sqlite3"}}
STATIC_URL = "static/"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}
"""

MODELS = """
from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField()
    body = models.TextField()
    published = models.DateField(db_index=True)

    class Meta:
        ordering = ["-published", "-id"]
"""

VIEWS = """
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from rest_framework import generics, serializers

from .models import Article


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title", "slug", "summary", "body", "published"]


def hello(request):
    return HttpResponse("hello")


def article_list(request):
    page = Paginator(Article.objects.all(), 20).get_page(request.GET.get("page"))
    return render(request, "content/list.html", {"page_obj": page})


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    return render(request, "content/detail.html", {"article": article})


class ArticleList(generics.ListAPIView):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer


class ArticleDetail(generics.RetrieveAPIView):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    lookup_field = "slug"
"""

URLS = """
from django.urls import path

from content import views

urlpatterns = [
    path("hello/", views.hello),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<slug:slug>/", views.article_detail, name="article-detail"),
    path("api/articles/", views.ArticleList.as_view()),
    path("api/articles/<slug:slug>/", views.ArticleDetail.as_view()),
]
"""

NAV = "".join(
    f'<li><a href="/{name.lower()}/">{name}</a></li>'
    for name in ["Topics", "Case studies", "Sources", "Timeline", "Actors", "About"]
)
BASE = (
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{% block title %}{% endblock %} - Floor</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{% block description %}A knowledge base.{% endblock %}">
<link rel="canonical" href="{{ request.build_absolute_uri }}">
<link rel="stylesheet" href="/static/site.css"></head><body>
<a class="skip-link" href="#main">Skip to main content</a>
<header><a href="/" rel="home">Floor</a><nav aria-label="Primary"><ul>"""
    + NAV
    + """</ul></nav>
<form action="/search/" method="get" role="search"><label for="q">Search</label>
<input id="q" name="q" type="search"><button>Search</button></form></header>
<main id="main">{% block content %}{% endblock %}</main>
<footer><ul>"""
    + NAV
    + """</ul><p>Every claim links to the sources it rests on; pages are reviewed
before publication and revised when new sources appear.</p></footer></body></html>"""
)
LIST = """{% extends "base.html" %}{% block title %}Articles{% endblock %}
{% block content %}<h1>Articles</h1><ol>{% for article in page_obj %}
<li><h2><a href="{% url 'article-detail' article.slug %}">{{ article.title }}</a></h2>
<p><time datetime="{{ article.published|date:'Y-m-d' }}">{{ article.published|date:'j F Y' }}</time></p>
<p>{{ article.summary }}</p></li>{% endfor %}</ol>
<nav aria-label="Pages">{% if page_obj.has_previous %}<a href="?page={{ page_obj.previous_page_number }}">Newer</a>{% endif %}
<span>Page {{ page_obj.number }} of {{ page_obj.paginator.num_pages }}</span>
{% if page_obj.has_next %}<a href="?page={{ page_obj.next_page_number }}">Older</a>{% endif %}</nav>
{% endblock %}"""
DETAIL = """{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}
{% block description %}{{ article.summary }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1>
<p><time datetime="{{ article.published|date:'Y-m-d' }}">{{ article.published|date:'j F Y' }}</time></p>
<p>{{ article.summary }}</p><div>{{ article.body|linebreaks }}</div>
<p><a href="{% url 'article-list' %}">Back to all articles</a></p></article>{% endblock %}"""

SEED = """
import datetime, os, sys
sys.path.insert(0, os.path.dirname(__file__))
os.environ["DJANGO_SETTINGS_MODULE"] = "floorsite.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, run_syncdb=True)
from content.models import Article
Article.objects.all().delete()
Article.objects.bulk_create(
    Article(title=f"Article {i}", slug=f"article-{i:04d}",
            summary="A short summary of the article, two sentences long. " * 2,
            body="A paragraph of the article body.\\n\\n" * 12,
            published=datetime.date(2016, 1, 1) + datetime.timedelta(days=i))
    for i in range(1, 1001)
)
"""

FILES = {
    "floorsite/__init__.py": "",
    "floorsite/settings.py": SETTINGS,
    "floorsite/urls.py": URLS,
    "floorsite/wsgi.py": (
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'floorsite.settings')\n"
        "from django.core.wsgi import get_wsgi_application\n"
        "application = get_wsgi_application()\n"
    ),
    "content/__init__.py": "",
    "content/models.py": MODELS,
    "content/views.py": VIEWS,
    "content/templates/base.html": BASE,
    "content/templates/content/list.html": LIST,
    "content/templates/content/detail.html": DETAIL,
    "seed.py": SEED,
}


def build(folder: Path) -> Path:
    """Write the project into ``folder`` and seed it; return the folder."""
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    subprocess.run([sys.executable, str(folder / "seed.py")], check=True, cwd=folder)
    return folder

def page_url(request):
    """The absolute address of the page without its query: the canonical URL."""
    return {"page_url": request.build_absolute_uri(request.path)}

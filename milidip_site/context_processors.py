from urllib.parse import urlencode


def page_url(request):
    """The canonical address: the path, plus the page number on later list pages.

    Filters and sorting are left out (one canonical list), but page 2 is its own page.
    """
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += "?" + urlencode({"page": int(page)})
    return {"page_url": url}

"""The vocabularies of sources and citations."""

from django.db import models


class SourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    TREATY = "treaty", "Treaty or agreement"
    OFFICIAL_DOCUMENT = "official_document", "Official document"
    BOOK = "book", "Book"
    REPORT = "report", "Report"
    DATASET = "dataset", "Dataset"
    WEB_PAGE = "web_page", "Web page"


class Reliability(models.TextChoices):
    PRIMARY = "primary", "Primary document"
    OFFICIAL = "official", "Official"
    SCHOLARLY = "scholarly", "Scholarly"
    JOURNALISM = "journalism", "Journalism"
    REFERENCE = "reference", "Reference work"
    AI_GENERATED = "ai_generated", "AI-generated, unverified"


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"


class DisputeKind(models.TextChoices):
    """How wrong a disputed citation's source is (a ClaimReview's rating)."""

    INCORRECT = "incorrect", "Incorrect"
    MISLEADING = "misleading", "Misleading"
    IMPRECISE = "imprecise", "Imprecise"


class LinkStatus(models.TextChoices):
    """What the link checker last found at a source's URL."""

    UNCHECKED = "", "Not checked"
    OK = "ok", "OK"
    REDIRECTED = "redirected", "Moved (permanent redirect)"
    BROKEN = "broken", "Broken"
    ERROR = "error", "Error or timeout"

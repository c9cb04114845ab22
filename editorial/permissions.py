"""Who may do what to a publishable item: the one place each check is written."""


def _has_model_perm(user, model, action: str) -> bool:
    opts = model._meta
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
    )


def may_change(user, model) -> bool:
    """Whether `user` may edit rows of `model` (a model class or instance)."""
    return _has_model_perm(user, model, "change")


def may_add(user, model) -> bool:
    return _has_model_perm(user, model, "add")


def may_publish(user, model) -> bool:
    """Whether `user` may publish, unpublish or schedule rows of `model`."""
    return _has_model_perm(user, model, "publish")

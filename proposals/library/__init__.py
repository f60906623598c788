"""The sample library: sample files, typed inputs, the sandbox, storage, and its pages.

The pages (views.py, with their blueprint) are imported only by `register`: the commands
and the trust check use the library without Flask.
"""


def register(app) -> None:
    """Attach the library pages."""
    from .views import bp

    app.register_blueprint(bp)

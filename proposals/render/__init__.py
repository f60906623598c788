"""Document -> HTML (print templates) -> PDF (WeasyPrint), reaching only the app's own assets."""

from .html import RenderError, render_html
from .pdf import html_to_pdf, render_pdf

__all__ = ["RenderError", "html_to_pdf", "render_html", "render_pdf"]

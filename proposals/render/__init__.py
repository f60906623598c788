"""Document -> HTML (print templates) -> PDF (WeasyPrint), reaching only the app's own assets."""

from .html import RenderError, render_html
from .pdf import PdfJob, html_to_pdf, prepare_job, render_pdf, run_job

__all__ = [
    "PdfJob",
    "RenderError",
    "html_to_pdf",
    "prepare_job",
    "render_html",
    "render_pdf",
    "run_job",
]

"""The audit log of shared material: who changed which sample or provider, and when."""

from .log import Actor, AuditAction, AuditKind, NotAllowed, record
from .views import bp

__all__ = ["Actor", "AuditAction", "AuditKind", "NotAllowed", "bp", "record"]

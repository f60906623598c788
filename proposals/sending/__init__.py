"""Sending a proposal: frozen PDF versions, sendings, and the client's private links."""

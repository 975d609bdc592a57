"""Lateral reading: embeddings, stories across outlets, claim alignment, framing."""

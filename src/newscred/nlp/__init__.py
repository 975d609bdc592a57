"""Text helpers below the analyzers and models: word lists (`lexicons/`) and quotations.

Analyzers, models and stories read them; they read nothing of newscred but `text`.
"""

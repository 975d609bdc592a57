"""`newscred compare`: several articles side by side, claim by claim.

The result is a `newscred.comparison.Comparison` (documented in docs/lateral-reading.md;
`.model_dump(mode="json")` gives the JSON object):
`articles`, `same_story`, `similarity`, `pairs`, `claims` (with statuses), `counts`,
`framing`, `outlets`. Articles may be stored or not; with a library, stored articles reuse
their vectors and story, and sentence vectors are cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from newscred.comparison import Comparison
from newscred.errors import NewscredError
from newscred.report import Report
from newscred.stories.align import Doc, align, counts
from newscred.stories.embed import Embedder, shared_embedder
from newscred.stories.entities import article_entities
from newscred.stories.framing import framing
from newscred.stories.library import MAX_SENTENCES, Library
from newscred.stories.samestory import SameStoryModel
from newscred.stories.stance import StanceModel
from newscred.text import sentences

COMPARISON_VERSION = "1.0.0"


def outlet_of(report: Report) -> tuple[str | None, str | None, dict[str, Any] | None]:
    """(outlet name, domain, outlet record) as the report's outlet signal resolved them."""
    signal = report.signal("outlet")
    record = signal.details.get("record") if signal is not None else None
    domain = record.get("domain") if record else None
    name = report.article.outlet or (record.get("name") if record else None) or domain
    return name, domain, record


class Comparer:
    """Holds the models; reuse one for many comparisons (the server does)."""

    def __init__(self, *, embedder: Embedder | None = None, samestory: SameStoryModel | None = None,
                 stance: StanceModel | None = None) -> None:
        self.embedder = embedder or shared_embedder()
        self.samestory = samestory or SameStoryModel.load()
        self.stance = stance or StanceModel.load()

    def doc(self, report: Report, library: Library | None) -> Doc:
        claims_signal = report.signal("claims")
        claim_list = list(claims_signal.details.get("claims", [])) if claims_signal else []
        if library is not None:
            segments, vectors = library.sentence_vectors(report)
            claim_vectors = library.claim_vectors(report, claim_list)
        else:
            segments = sentences(report.article.body)[:MAX_SENTENCES]
            vectors = self.embedder.embed([s.text for s in segments])
            row = {(s.start, s.text): i for i, s in enumerate(segments)}
            claim_vectors = np.stack(
                [vectors[row[(c["start"], c["text"])]] if (c["start"], c["text"]) in row
                 else self.embedder.embed([c["text"]])[0] for c in claim_list]
            ) if claim_list else np.zeros((0, self.embedder.dim), dtype=np.float32)
        name, domain, _ = outlet_of(report)
        return Doc(id=report.article.id, outlet=name, domain=domain, claims=claim_list,
                   claim_vectors=claim_vectors, sentences=segments, sentence_vectors=vectors)

    def compare(self, reports: Sequence[Report], *, library: Library | None = None,
                top_terms: int = 10) -> Comparison:
        ids = [r.article.id for r in reports]
        if len(set(ids)) < 2:
            raise NewscredError("NC303", f"compare needs two or more different articles, got {len(set(ids))}",
                                hint="Give at least two different articles (files, URLs or stored ids).")
        if len(set(ids)) != len(ids):
            raise NewscredError("NC303", "the same article was given twice",
                                hint="Give each article once.")
        vectors = self.embedder.embed_articles([(r.article.title, r.article.body) for r in reports])
        entities = [article_entities(r.article.title, r.article.body) for r in reports]
        stories = [library.story_of(i) if library is not None else None for i in ids]
        pairs = []
        parent = list(range(len(reports)))

        def root(i: int) -> int:
            while parent[i] != i:
                i = parent[i]
            return i

        for i in range(len(reports)):
            for j in range(i + 1, len(reports)):
                cosine = float(vectors[i] @ vectors[j])
                probability = self.samestory.probability(cosine, entities[i], entities[j])
                # The pairwise question "is b coverage of a's story?" is FNC-1's, so it takes
                # the model's FNC-1 threshold; the story index links with a stricter one,
                # because single-link errors compound over a corpus (cluster.py).
                same = probability >= self.samestory.threshold or (
                    stories[i] is not None and stories[i] == stories[j])
                if same:
                    parent[root(j)] = root(i)
                pairs.append({"a": ids[i], "b": ids[j], "same_story": same,
                              "similarity": round(cosine, 4), "probability": round(probability, 4)})
        docs = [self.doc(r, library) for r in reports]
        aligned = align(docs, self.stance)
        outlets = {}
        articles = []
        for report, story in zip(reports, stories):
            name, domain, record = outlet_of(report)
            outlets[report.article.id] = record
            articles.append({
                "id": report.article.id, "title": report.article.title, "url": report.article.url,
                "outlet": name, "domain": domain, "published": report.article.published,
                "score": report.assessment.score, "band": report.assessment.band, "story": story,
            })
        comparison = Comparison(
            comparison_version=COMPARISON_VERSION,
            articles=articles,
            same_story=len({root(i) for i in range(len(reports))}) == 1,
            similarity=round(float(np.mean([p["similarity"] for p in pairs])), 4),
            pairs=pairs,
            claims=[c.as_dict() for c in aligned],
            counts=counts(aligned),
            framing=framing(reports, top=top_terms),
            outlets=outlets,
        )
        comparison._reports = tuple(reports)  # for _repr_html_ in notebooks
        return comparison

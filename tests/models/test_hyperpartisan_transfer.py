"""Publisher transfer of the hyperpartisan model: helpers, on small data built here."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from newscred.evaluation.data import Record
from newscred.training import hyperpartisan
from newscred.training import hyperpartisan_transfer as transfer

# Written for these tests.
PARTISAN = ("The radical elites are lying to you again and they will destroy this country. "
            "Wake up and fight back against the corrupt traitors before it is too late! ")
NEUTRAL = ("The committee met on Tuesday to review the budget and will vote next month. "
           "Officials said the bridge repairs are on schedule, the county clerk reported. ")


def long_text(base: str, n: int = 4) -> str:
    return base * n  # over transfer.MIN_WORDS words


def tiny_corpus() -> hyperpartisan.Corpus:
    """A Corpus without files: six SemEval publishers (one of them a site of portal "p1"),
    three BuzzFeed portals (p0 mainstream, p1 and p2 partisan)."""
    corpus = object.__new__(hyperpartisan.Corpus)
    records, texts, labels, sources = [], [], [], []
    for k in range(6):
        domain = "p1site.com" if k == 0 else f"pub{k}.com"
        for label, base in (("hyperpartisan", PARTISAN), ("not_hyperpartisan", NEUTRAL)):
            text = long_text(base + f"Story {k} {label}. ", 1)
            records.append(Record("hyperpartisan", f"{k}{label}", text, label, "train",
                                  source=domain))
            texts.append(text)
            labels.append(label)
            sources.append(domain)
    split = ["train"] * len(records)
    for portal, base, label in (("p0", NEUTRAL, "not_hyperpartisan"),
                                ("p1", PARTISAN, "hyperpartisan"),
                                ("p2", PARTISAN, "hyperpartisan")):
        for k in range(3):
            texts.append(long_text(base + f"Post {k} of {portal}. ", 1))
            labels.append(label)
            sources.append(portal)
            split.append("extra")
    corpus.records = records
    corpus.split, corpus.source = np.array(split), np.array(sources)
    corpus.labels = np.array(labels)
    corpus.y = (corpus.labels == "hyperpartisan").astype(int)
    corpus.titles, corpus.bodies, corpus.texts = [""] * len(texts), texts, texts
    corpus.raw = hyperpartisan.raw_matrix(texts)
    corpus.portal_domains = {"p0": {"p0.com"}, "p1": {"p1.com", "p1site.com"}, "p2": {"p2.com"}}
    corpus.orientation = {"p0": "mainstream", "p1": "left", "p2": "right"}
    return corpus


def test_portal_training_rows_leave_out_the_portal_and_its_sites():
    corpus = tiny_corpus()
    train, extra = transfer.portal_training_rows(corpus, "p1")
    assert "p1" not in set(corpus.source[extra]) and {"p0", "p2"} <= set(corpus.source[extra])
    assert "p1site.com" not in set(corpus.source[train])
    assert len(train) == len(corpus.index("train")) - 2


def test_leave_one_portal_out_never_reads_the_held_out_labels():
    corpus = tiny_corpus()
    rows = corpus.index("extra")
    raw = hyperpartisan.raw_matrix([corpus.bodies[i] for i in rows])
    first = transfer.leave_one_portal_out(corpus, raw, 2)
    assert first.shape == (len(rows),) and ((first > 0) & (first < 1)).all()
    held = rows[corpus.source[rows] == "p2"]
    corpus.labels[held], corpus.y[held] = "not_hyperpartisan", 0  # flip p2's labels
    second = transfer.leave_one_portal_out(corpus, raw, 2)
    p2 = corpus.source[rows] == "p2"
    assert np.array_equal(first[p2], second[p2])
    assert not np.array_equal(first[~p2], second[~p2])  # the others did train on p2


def test_summary():
    assert transfer.summary([0.2, 0.6, 0.7, 0.1]) == {
        "n": 4, "mean_probability": 0.4, "share_over_half": 0.5}
    assert transfer.summary([]) == {"n": 0}


def test_shipped_rows_flag_seen_portals_and_group_the_failure_check():
    texts = [long_text(PARTISAN)] * 3 + [long_text(NEUTRAL)] * 3
    labels = ["hyperpartisan"] * 3 + ["not_hyperpartisan"] * 3
    model = hyperpartisan.fit(texts, labels, c=10.0, min_df=1)

    def post(portal, orientation, label, base):
        return SimpleNamespace(title="", text=long_text(base), label=label, source=portal,
                               extra={"orientation": orientation})

    buzzfeed = [post("a", "mainstream", "mostly true", NEUTRAL),
                post("b", "right", "mostly false", PARTISAN),
                post("c", "left", "mostly true", PARTISAN),
                post("d", "mainstream", "mostly true", NEUTRAL)]
    isot = [SimpleNamespace(title="", text=long_text(NEUTRAL), label="true"),
            SimpleNamespace(title="", text=long_text(PARTISAN), label="fake")]
    rows = transfer.shipped_rows(model, buzzfeed, isot, seen={"a", "b"})
    assert rows[0].metrics["n"] == 4 and "roc_auc" in rows[0].metrics
    assert rows[1].system.endswith("unseen in training") and rows[1].note == "c, d"
    notes = {r.system: r.note for r in rows if r.system.startswith("portal ")}
    assert notes == {"portal a": "mainstream, seen in training",
                     "portal b": "right, seen in training",
                     "portal c": "left, unseen", "portal d": "mainstream, unseen"}
    check = {r.system: r.metrics["n"] for r in rows if r.split == transfer.CHECK}
    assert check == {"ISOT true (Reuters)": 1, "ISOT fake": 1,
                     "BuzzFeed mainstream, mostly true": 2, "BuzzFeed left/right, mostly false": 1}

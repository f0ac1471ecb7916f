#!/usr/bin/python3
"""Xapian side of Archive's search benchmark: index the same .txt files, run the same queries, print JSON.

Usage: /usr/bin/python3 bench/xapian_bench.py DOCS_DIR QUERIES_JSON DB_DIR [LANGUAGE [TIMED_PASSES]]
Needs Debian's python3-xapian. Queries are those the C# benchmark wrote (kind, archive syntax, fts5 form);
Xapian's QueryParser reads the archive form, with stemming (LANGUAGE, a Snowball stemmer name: english by default,
arabic for SaudiNewsNet) and prefix wildcards enabled. Fuzzy queries have no Xapian equivalent and are skipped.
One pass warms the caches, then TIMED_PASSES passes (1 by default) are timed.
"""
import json
import os
import sys
import time

import xapian


def main():
    docs_dir, queries_path, db_dir = sys.argv[1:4]
    language = sys.argv[4] if len(sys.argv) > 4 else "english"
    timed_passes = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    files = sorted(f for f in os.listdir(docs_dir) if f.endswith(".txt"))
    db = xapian.WritableDatabase(db_dir, xapian.DB_CREATE_OR_OVERWRITE)
    indexer = xapian.TermGenerator()
    indexer.set_stemmer(xapian.Stem(language))
    indexer.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    started = time.perf_counter()
    for i, name in enumerate(files):
        with open(os.path.join(docs_dir, name), encoding="utf-8") as handle:
            text = handle.read()
        doc = xapian.Document()
        indexer.set_document(doc)
        indexer.index_text(text)
        doc.set_data(name)
        db.add_document(doc)
        if i % 256 == 255:
            db.commit()
    db.commit()
    index_seconds = time.perf_counter() - started

    with open(queries_path, encoding="utf-8") as handle:
        queries = json.load(handle)
    enquire = xapian.Enquire(db)
    parser = xapian.QueryParser()
    parser.set_stemmer(xapian.Stem(language))
    parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    parser.set_database(db)
    parser.set_default_op(xapian.Query.OP_AND)
    flags = (xapian.QueryParser.FLAG_PHRASE | xapian.QueryParser.FLAG_BOOLEAN | xapian.QueryParser.FLAG_WILDCARD
             | xapian.QueryParser.FLAG_LOVEHATE)
    results = []
    for rounds in range(1 + timed_passes):  # the first round warms caches, the others are timed
        if rounds == 1:
            results = []
        for q in queries:
            text = q["fts5"] if q["kind"] == "alias" else q["archive"]
            if q["kind"] == "fuzzy":
                continue
            if q["kind"] == "alias":
                text = text.replace('"', "")
                text = " OR ".join('"%s"' % part.strip() for part in text.split(" OR "))
            t0 = time.perf_counter()
            try:
                enquire.set_query(parser.parse_query(text, flags))
                mset = enquire.get_mset(0, 10)
                total = mset.get_matches_estimated()
                hits = [m.document.get_data() for m in mset]
            except xapian.Error:
                total = -1
            results.append({"kind": q["kind"], "ms": (time.perf_counter() - t0) * 1000, "total": total})
    print(json.dumps({"docs": len(files), "index_seconds": index_seconds, "queries": results}))


if __name__ == "__main__":
    main()

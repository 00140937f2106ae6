"""Turn annotations of real-news sentences (with their text) into the shipped gold file, which
locates each sentence in its page by hash instead of copying it (see eval/located.py).

    python scripts/realnews_gold.py ANNOTATIONS.jsonl... --texts ../shared/data/realnews/html \
        --out tests/data/realnews_dev.jsonl

Each annotation line: {"id", "doc", "text", "date", "expected": [{"source", "target", "code",
"polarity", "modality"}], "notes"}. Expected events that are negated are kept in
``notes.negated`` (the event scorer, like PETRARCH, scores asserted events only).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from whowhom.eval.located import collapse, find, locator, page_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("annotations", nargs="+", type=Path)
    ap.add_argument("--texts", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    out = []
    for path in args.annotations:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            page = page_text(args.texts / rec["doc"])
            loc = locator(rec["text"], page)
            if find(page, loc["sha1"], loc["chars"], loc["hint"]) != collapse(rec["text"]):
                raise SystemExit(f"{rec['id']}: sentence not found in {rec['doc']}")
            asserted = [e for e in rec["expected"] if e.get("polarity", "asserted") == "asserted"]
            negated = [e for e in rec["expected"] if e.get("polarity", "asserted") != "asserted"]
            # only structured notes ship: free-text comments could quote the page
            notes = {k: v for k, v in (rec.get("notes") or {}).items() if k in ("kind", "sentence_index")}
            if negated:
                notes["negated"] = negated
            notes["expect_no_events"] = not asserted
            item = {"id": rec["id"], "doc": rec["doc"], "locate": loc, "expected": asserted, "notes": notes}
            if rec.get("date"):
                item["date"] = rec["date"]
            out.append(item)
    args.out.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out), encoding="utf-8")
    print(f"{len(out)} cases, {sum(len(o['expected']) for o in out)} expected events -> {args.out}")


if __name__ == "__main__":
    main()

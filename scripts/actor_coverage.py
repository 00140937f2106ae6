#!/usr/bin/env python3
"""Actor coverage on current names: how many resolve to the right country and sector.

The names are people and groups named in the *titles* of the real-news development pages
(../shared/data/realnews/manifest.tsv; no article text is used), each with the date of the
story's events and the code an analyst would give (country + first sector, e.g. USALEG).
Run with the code to measure on the path:

    PYTHONPATH=src python scripts/actor_coverage.py [--show]
"""

from __future__ import annotations

import argparse

#: (name as news writes it, date, expected code: country + sector)
NAMES: list[tuple[str, str, str]] = [
    ("Boris Johnson", "2020-01-15", "GBRGOV"),
    ("Margaret Thatcher", "1986-06-01", "GBRGOV"),
    ("Andrew Cuomo", "2015-06-01", "USAGOV"),
    ("Hillary Clinton", "2016-12-15", "USAELI"),
    ("Vladimir Putin", "2016-12-15", "RUSGOV"),
    ("Donald Trump", "2017-06-01", "USAGOV"),
    ("Imran Khan", "2019-08-20", "PAKGOV"),
    ("Rudy Giuliani", "2016-12-09", "USAELI"),
    ("Nikki Haley", "2018-10-09", "USAGOV"),
    ("Joe Biden", "2022-08-25", "USAGOV"),
    ("Mike Pence", "2017-06-01", "USAGOV"),
    ("Bernie Sanders", "2016-05-25", "USALEG"),
    ("Barack Obama", "2016-01-05", "USAGOV"),
    ("Robert Mugabe", "2017-11-15", "ZWEGOV"),
    ("Benjamin Netanyahu", "2015-03-20", "ISRGOV"),
    ("Ahmad Lawan", "2020-06-01", "NGALEG"),
    ("Bukola Saraki", "2018-07-01", "NGALEG"),
    ("Dino Melaye", "2018-07-01", "NGALEG"),
    ("Evo Morales", "2019-01-01", "BOLGOV"),
    ("Kristi Noem", "2019-11-20", "USAGOV"),
    ("Mark Esper", "2019-11-19", "USAGOV"),
    ("Gordon Sondland", "2019-11-20", "USAGOV"),
    ("Deval Patrick", "2019-11-15", "USAELI"),
    ("Ilhan Omar", "2019-11-20", "USALEG"),
    ("Taliban", "2019-11-19", "AFGREB"),
    ("Xi Jinping", "2019-08-15", "CHNGOV"),
    ("Yoon Suk Yeol", "2024-12-07", "KORGOV"),
    ("Kim Jong Un", "2019-06-01", "PRKGOV"),
    ("Recep Tayyip Erdogan", "2019-11-20", "TURGOV"),
    ("Emmanuel Macron", "2019-11-20", "FRAGOV"),
    ("Narendra Modi", "2020-04-07", "INDGOV"),
    ("Hassan Rouhani", "2019-11-20", "IRNGOV"),
    ("Bashar al-Assad", "2019-11-20", "SYRGOV"),
    ("Kamala Harris", "2019-11-20", "USALEG"),
    ("Elizabeth Warren", "2019-11-20", "USALEG"),
    ("Nancy Pelosi", "2019-11-20", "USALEG"),
    ("Mitch McConnell", "2019-11-20", "USALEG"),
    ("Theresa May", "2018-06-01", "GBRGOV"),
    ("Carrie Lam", "2019-08-15", "HKGGOV"),
    ("Tom Wheeler", "2016-12-15", "USAGOV"),
]


def main() -> int:
    ap = argparse.ArgumentParser(description="actor coverage on current names")
    ap.add_argument("--show", action="store_true", help="list every name with its resolution")
    args = ap.parse_args()
    from whowhom.coding.actors.explain import explain
    from whowhom.knowledge import load_knowledge
    from whowhom.nlp import load_nlp

    kb, nlp = load_knowledge(), load_nlp()
    country = both = 0
    for name, date, expected in NAMES:
        res = explain(name, date, kb, nlp)
        code = res.code or ""
        ok_country = code[:3] == expected[:3]
        ok = ok_country and code[3:6] == expected[3:6]
        country += ok_country
        both += ok
        if args.show:
            print(f"{'ok ' if ok else ('cty' if ok_country else '-- ')} {name:24} {date} {expected:7} {code}")
    n = len(NAMES)
    print(
        f"{n} names: right country {country} ({country / n:.0%}), "
        f"right country and sector {both} ({both / n:.0%})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

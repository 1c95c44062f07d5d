#!/usr/bin/env python3
"""gen_countries.py -- writes data/actors/countries.txt (phrase -> CAMEO country code).

Names come from Debian iso-codes (iso_3166-1.json: name, common_name,
official_name) and the npm package world-countries (common/official names,
altSpellings, English demonyms). A short hand list below adds news short forms
(U.S., UK, DPRK ...) and demonyms world-countries lacks (Kazakh, Uzbek ...).
A phrase claimed by several countries is kept for one (PREFER) or dropped.
Run: python3 tools/gen_countries.py   (needs world-countries, see tools/README.md)
"""
import re, sys
from dictlib import load_iso, load_wc, wc_version, fold, write_dict

ALPHA3_AS_PHRASE = {"USA"}          # alpha-3 codes that news writes as words
CODE_FIX = {"UNK": "KSV"}           # world-countries' Kosovo code -> CAMEO/Phoenix KSV
# Phrases several countries claim: the one most meant in news.
PREFER = {"American": "USA", "Americans": "USA", "French": "FRA", "Dutch": "NLD",
          "Indian": "IND", "Indians": "IND", "Norwegian": "NOR", "Norwegians": "NOR",
          "Congolese": "COD", "Dominican": "DOM", "Dominicans": "DOM", "Congo": "COG",
          "Kingston": "JAM", "Korean": "KOR", "Koreans": "KOR"}
# Never a country phrase: English words or too vague.
SKIP = {"Island", "Mann", "Prathet", "Timor", "Guiana", "Pitcairn", "Viti", "Kiwi",
        "Channel Islander", "Channel Islanders", "Virgin Islander", "Virgin Islanders",
        "American Islander", "American Islanders", "Antarctican", "Antarcticans",
        "Virgin Islands", "Togolese", "the Abode of Peace", "Zhonghua", "Mannin", "Lao"}
# Hand-added short forms and demonyms (general knowledge).
EXTRA = {
    "USA": ["U.S.", "US", "U.S.A.", "America", "United States of America",
            "American", "Americans"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "British", "Briton", "Britons",
            "England", "Scotland", "Scottish", "Wales", "Welsh", "Northern Ireland"],
    "ARE": ["UAE", "U.A.E.", "Emirates", "Emirati", "Emiratis"],
    "PRK": ["DPRK", "North Korea", "North Korean", "North Koreans", "Pyongyang regime"],
    "KOR": ["South Korea", "South Korean", "South Koreans", "ROK", "Korean", "Koreans"],
    "RUS": ["Russia", "Russian Federation", "Russians"],
    "SYR": ["Syria"], "IRN": ["Iran", "Persia", "Iranians"], "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos", "Laotian", "Lao PDR"], "BOL": ["Bolivia"], "VEN": ["Venezuela"],
    "TZA": ["Tanzania"], "MDA": ["Moldova"], "CZE": ["Czechia", "Czech Republic", "Czechs"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire", "Ivorian", "Ivorians"],
    "TUR": ["Turkey", "Türkiye", "Turkiye", "Turkish", "Turks"],
    "KGZ": ["Kyrgyzstan", "Kyrgyz Republic", "Kyrgyz", "Kyrgyzstani", "Kyrgyzstanis",
            "Kirghizia", "Kirgizia"],
    "KAZ": ["Kazakh", "Kazakhs", "Kazakhstani", "Kazakhstanis", "Qazaqstan"],
    "UZB": ["Uzbek", "Uzbeks", "Uzbekistani", "Uzbekistanis"],
    "TJK": ["Tajik", "Tajiks", "Tajikistani", "Tajikistanis", "Tadjikistan"],
    "TKM": ["Turkmen", "Turkmens", "Turkmenistani", "Turkmenistanis"],
    "AFG": ["Afghan", "Afghans", "Islamic Emirate of Afghanistan",
            "Islamic Republic of Afghanistan"],
    "MMR": ["Burma", "Burmese", "Myanmar"], "AZE": ["Azeri", "Azeris"],
    "BLR": ["Belarussian", "Byelorussia"], "MKD": ["Macedonia", "North Macedonia"],
    "SWZ": ["Swaziland", "Eswatini"], "CPV": ["Cabo Verde", "Cape Verdean"],
    "COD": ["DRC", "DR Congo", "Democratic Republic of Congo",
            "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "COG": ["Republic of Congo", "Congo-Brazzaville"], "VAT": ["Holy See", "Vatican"],
    "PSE": ["Palestine", "Palestinian territories", "Palestinians"],
    "TWN": ["Taiwan"], "SAU": ["Saudi", "Saudis", "Saudi Arabia"],
    "PHL": ["Philippine", "Filipina", "Filipinos"], "ARG": ["Argentinian", "Argentinians"],
    "NLD": ["Netherlands", "Holland", "the Netherlands"], "CHN": ["PRC", "Mainland China"],
    "IND": ["Bharat"], "PAK": ["Pakistanis"], "ISR": ["Israelis"], "UKR": ["Ukrainians"],
    "KSV": ["Kosovo", "Kosovar", "Kosovars", "Kosovan"], "DEU": ["Germans"],
    "TLS": ["East Timor"], "BIH": ["Bosnia", "Bosnians"], "GEO": ["Georgians"],
}
NO_PLURAL = re.compile(r"(ese|ss|sh|ch|x|z|s)$")
NOUN_ONLY = {"I-Kiribati", "Motswana", "Mosotho", "Malagasy", "Ni-Vanuatu", "Djibouti",
             "Gibraltar", "Vatican", "Manx"}


def plural(d):
    """English plural of a demonym noun; None where the plural is the word itself."""
    if NO_PLURAL.search(d) or d.endswith("ic") or d in NOUN_ONLY:
        return None
    return d + "s"


def clean(name):
    """Drop parentheses; 'Iran, Islamic Republic of' -> 'Iran' (None if ambiguous)."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if "," in name:
        name = name.split(",")[0].strip()
        if name in ("Korea", "Congo", "Virgin Islands", "Bonaire"):
            return None
    return name or None


def main():
    claims = {}                      # phrase -> set(code)
    independent = {}

    def add(phrase, code):
        if not phrase or phrase in SKIP or len(phrase) < 3 and phrase not in ("US", "UK"):
            return
        claims.setdefault(phrase, set()).add(code)
        f = fold(phrase)
        if f != phrase:
            claims.setdefault(f, set()).add(code)

    for c in load_iso("3166-1"):
        code = c["alpha_3"]
        for k in ("name", "common_name", "official_name"):
            if c.get(k):
                add(clean(c[k]), code)
        if code in ALPHA3_AS_PHRASE:
            add(code, code)
    for c in load_wc():
        code = CODE_FIX.get(c["cca3"], c["cca3"])
        independent[code] = bool(c.get("independent"))
        add(clean(c["name"]["common"]), code)
        add(clean(c["name"]["official"]), code)
        for a in c.get("altSpellings", []):
            if len(a) > 3 and all(ord(ch) < 0x250 for ch in a) and "," not in a:
                add(clean(a), code)
        dem = c.get("demonyms", {}).get("eng", {})
        for g in ("m", "f"):
            for d in re.split(r", | or ", dem.get(g) or ""):
                d = d.strip()
                add(d, code)
                add(plural(d) if d else None, code)
    for code, phrases in EXTRA.items():
        for p in phrases:
            add(p, code)
    rows = []
    for phrase, codes in claims.items():
        if len(codes) > 1:
            win = PREFER.get(phrase) or PREFER.get(fold(phrase))
            if not win:
                indep = [c for c in codes if independent.get(c, True)]
                win = indep[0] if len(indep) == 1 else None
            if not win:
                sys.stderr.write("dropped ambiguous %r %s\n" % (phrase, sorted(codes)))
                continue
            codes = {win}
        rows.append((phrase, codes.pop()))
    write_dict("actors/countries.txt", "actors", [
        "Country phrases -> CAMEO country code (ISO 3166-1 alpha-3; Kosovo KSV as in CAMEO/Phoenix).",
        "Generated by tools/gen_countries.py; do not edit by hand.",
        "Sources: Debian iso-codes iso_3166-1.json (LGPL-2.1+);",
        "npm world-countries %s countries.json (ODbL 1.0): names, altSpellings, demonyms;" % wc_version(),
        "plus a hand list of news short forms and demonyms in the script.",
    ], rows)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""gen_places.py -- writes data/places.txt (place name -> ISO3, kind, lat, lon).

Cities: the GeoNames table compiled into Debian's libgeonames0 (read through
ctypes: geonames_get_n_cities / geonames_get_city / geonames_city_get_*), every
city with population >= MIN_POP and every town of the FOCUS countries.
Capitals: world-countries' capital list, with
coordinates looked up in the same GeoNames table (hand coordinates for the few it
lacks). Regions: ISO 3166-2 first-level units of Afghanistan and the five Central
Asian states (iso-codes), with the English names news uses from a hand table;
a region's coordinates are those of its administrative centre.
A name used twice keeps one line: capital, then the most populous city, then region.
Run: python3 tools/gen_places.py   (apt-get install libgeonames0; world-countries)
"""
import ctypes, ctypes.util, sys
from dictlib import load_iso, load_wc, wc_version, fold, write_dict, die

MIN_POP = 150000
CODE_FIX = {"UNK": "KSV", "XK": "KSV"}
# capital (world-countries spelling) -> extra names; GeoNames' own name may differ.
CAP_ALIASES = {"Astana": ["Nur-Sultan"], "Kyiv": ["Kiev"], "Ulan Bator": ["Ulaanbaatar"],
               "Washington D.C.": ["Washington"], "Naypyidaw": ["Nay Pyi Taw", "Naypyitaw"],
               "Sana'a": ["Sanaa"], "Bern": ["Berne"], "Ashgabat": ["Ashkhabad"],
               "Tashkent": ["Toshkent"], "Saint John's": ["St John's"],
               "City of San Marino": ["San Marino"], "El Aaiún": ["Laayoune"]}
# capitals missing from the GeoNames table: approximate lat, lon (general knowledge).
CAP_COORDS = {"Ngerulmud": (7.50, 134.62), "King Edward Point": (-54.28, -36.49),
              "Fakaofo": (-9.38, -171.22), "Adamstown": (-25.07, -130.10),
              "Flying Fish Cove": (-10.42, 105.68), "West Island": (-12.19, 96.83),
              "South Tarawa": (1.33, 172.98), "Diego Garcia": (-7.31, 72.41),
              "Port-aux-Français": (-49.35, 70.22), "The Bottom": (17.63, -63.25),
              "Kralendijk": (12.15, -68.27), "Yaren": (-0.55, 166.92),
              "Abu Dhabi": (24.47, 54.37), "Singapore": (1.29, 103.85),
              "Nouakchott": (18.09, -15.98), "Oranjestad": (12.52, -70.03),
              "Gustavia": (17.90, -62.85), "Willemstad": (12.11, -68.93),
              "El Aaiún": (27.15, -13.20), "Stanley": (-51.69, -57.86),
              "St. Peter Port": (49.46, -2.54), "Gibraltar": (36.14, -5.35),
              "City of Victoria": (22.28, 114.16), "Marigot": (18.07, -63.08),
              "Kingston": (-29.05, 167.96), "Alofi": (-19.06, -169.92),
              "Philipsburg": (18.03, -63.05), "Cockburn Town": (21.46, -71.14),
              "Vatican City": (41.90, 12.45), "Road Town": (18.43, -64.62)}
# GeoNames city name -> other spellings news uses (written with the same coordinates).
CITY_ALIASES = {"Mazari Sharif": ["Mazar-e Sharif", "Mazar-i-Sharif", "Mazar"],
                "Ust-Kamenogorsk": ["Oskemen", "Öskemen"], "Karaganda": ["Karagandy", "Qaraghandy"],
                "Aktobe": ["Aqtobe"], "Oral": ["Uralsk"], "Kyzylorda": ["Qyzylorda"],
                "Kostanay": ["Qostanay", "Kustanai"], "Aktau": ["Aqtau"], "Semey": ["Semipalatinsk"],
                "Kurgan-Tyube": ["Bokhtar", "Qurghonteppa"], "Khujand": ["Khojand", "Khodjent"],
                "Turkmenabat": ["Turkmenabad", "Chardzhou"], "Daşoguz": ["Dashoguz", "Dashowuz"],
                "Jalalabad": ["Jalal Abad"], "Pul-e Khumrī": ["Puli Khumri", "Pol-e Khomri"],
                "Lashkar Gah": ["Lashkargah"], "Taloqan": ["Taluqan"], "Shibirghān": ["Sheberghan", "Shiberghan"],
                "Samarkand": ["Samarqand"], "Bukhara": ["Buxoro"], "Andijan": ["Andijon"],
                "Jizzakh": ["Jizzax"], "Urgench": ["Urganch"], "Qarshi": ["Karshi"],
                "Fergana": ["Ferghana", "Farg'ona"], "Osh": [], "Kandahar": ["Qandahar"]}
FOCUS = {"AFG", "KAZ", "KGZ", "TJK", "TKM", "UZB"}   # every GeoNames town of these is kept
# ISO 3166-2 code -> (English names, admin centre for coordinates, "lat,lon" fallback)
REGIONS = {
    "AF-BAL": (["Balkh"], "Mazari Sharif", ""), "AF-BAM": (["Bamyan", "Bamiyan"], "Bamyan", ""),
    "AF-BDG": (["Badghis"], "", "35.0,63.75"), "AF-BDS": (["Badakhshan"], "Fayzabad", ""),
    "AF-BGL": (["Baghlan"], "Pul-e Khumri", ""), "AF-DAY": (["Daykundi", "Daikundi"], "", "33.7,66.0"),
    "AF-FRA": (["Farah"], "Farah", ""), "AF-FYB": (["Faryab"], "Maymana", ""),
    "AF-GHA": (["Ghazni"], "Ghazni", ""), "AF-GHO": (["Ghor"], "", "34.1,64.9"),
    "AF-HEL": (["Helmand"], "Lashkar Gah", ""), "AF-HER": (["Herat"], "Herat", ""),
    "AF-JOW": (["Jowzjan", "Jawzjan"], "Shibirghān", ""), "AF-KAB": (["Kabul"], "Kabul", ""),
    "AF-KAN": (["Kandahar"], "Kandahar", ""), "AF-KAP": (["Kapisa"], "", "34.98,69.62"),
    "AF-KDZ": (["Kunduz"], "Kunduz", ""), "AF-KHO": (["Khost"], "Khost", ""),
    "AF-KNR": (["Kunar"], "", "34.85,71.1"), "AF-LAG": (["Laghman"], "", "34.69,70.2"),
    "AF-LOG": (["Logar"], "", "34.0,69.2"), "AF-NAN": (["Nangarhar"], "Jalalabad", ""),
    "AF-NIM": (["Nimroz"], "Zaranj", ""), "AF-NUR": (["Nuristan"], "", "35.3,70.9"),
    "AF-PAN": (["Panjshir"], "", "35.3,69.5"), "AF-PAR": (["Parwan"], "Charikar", ""),
    "AF-PIA": (["Paktia", "Paktiya"], "Gardez", ""), "AF-PKA": (["Paktika"], "", "32.5,68.8"),
    "AF-SAM": (["Samangan"], "Aibak", ""), "AF-SAR": (["Sar-e Pul", "Sari Pul"], "", "36.2,66.0"),
    "AF-TAK": (["Takhar"], "Taloqan", ""), "AF-URU": (["Uruzgan", "Oruzgan"], "", "32.9,66.6"),
    "AF-WAR": (["Wardak", "Maidan Wardak"], "", "34.4,68.4"), "AF-ZAB": (["Zabul"], "", "32.2,67.2"),
    "KZ-AKM": (["Akmola"], "Kokshetau", ""), "KZ-AKT": (["Aktobe"], "Aktobe", ""),
    "KZ-ALM": (["Almaty Region"], "", "44.0,77.5"), "KZ-ATY": (["Atyrau"], "Atyrau", ""),
    "KZ-KAR": (["Karaganda", "Karagandy"], "Karaganda", ""), "KZ-KUS": (["Kostanay"], "Kostanay", ""),
    "KZ-KZY": (["Kyzylorda"], "Kyzylorda", ""), "KZ-MAN": (["Mangystau", "Mangistau"], "Aktau", ""),
    "KZ-PAV": (["Pavlodar"], "Pavlodar", ""), "KZ-SEV": (["North Kazakhstan"], "Petropavl", ""),
    "KZ-VOS": (["East Kazakhstan"], "Ust-Kamenogorsk", ""), "KZ-YUZ": (["Turkestan", "South Kazakhstan"], "Turkestan", ""),
    "KZ-ZAP": (["West Kazakhstan"], "Oral", ""), "KZ-ZHA": (["Zhambyl", "Jambyl"], "Taraz", ""),
    "KG-B": (["Batken"], "", "40.06,70.82"), "KG-C": (["Chuy", "Chui"], "", "42.6,74.5"),
    "KG-J": (["Jalal-Abad"], "Jalal-Abad", ""), "KG-N": (["Naryn"], "Naryn", ""),
    "KG-O": (["Osh Region"], "", "40.2,73.5"), "KG-T": (["Talas"], "Talas", ""),
    "KG-Y": (["Issyk-Kul", "Issyk Kul"], "Karakol", ""),
    "TJ-GB": (["Gorno-Badakhshan", "GBAO"], "Khorugh", ""), "TJ-KT": (["Khatlon"], "Kurgan-Tyube", ""),
    "TJ-RA": (["Districts of Republican Subordination"], "", "38.7,69.5"),
    "TJ-SU": (["Sughd", "Sogd"], "Khujand", ""),
    "TM-A": (["Ahal"], "Anew", ""), "TM-B": (["Balkan"], "Balkanabat", ""),
    "TM-D": (["Dashoguz"], "Daşoguz", ""), "TM-L": (["Lebap"], "Turkmenabat", ""),
    "TM-M": (["Mary Province"], "Mary", ""),
    "UZ-AN": (["Andijan"], "Andijan", ""), "UZ-BU": (["Bukhara"], "Bukhara", ""),
    "UZ-FA": (["Fergana", "Ferghana"], "Fergana", ""), "UZ-JI": (["Jizzakh"], "Jizzakh", ""),
    "UZ-NG": (["Namangan"], "Namangan", ""), "UZ-NW": (["Navoi", "Navoiy"], "Navoiy", ""),
    "UZ-QA": (["Kashkadarya", "Qashqadaryo"], "Qarshi", ""),
    "UZ-QR": (["Karakalpakstan"], "Nukus", ""), "UZ-SA": (["Samarkand"], "Samarkand", ""),
    "UZ-SI": (["Syrdarya", "Sirdaryo"], "Guliston", ""),
    "UZ-SU": (["Surkhandarya", "Surxondaryo"], "Termez", ""),
    "UZ-TO": (["Tashkent Region"], "", "41.2,69.7"), "UZ-XO": (["Khorezm", "Xorazm"], "Urgench", ""),
}
SUFFIX = {"AF": "Province", "KZ": "Region", "KG": "Region", "TJ": "Region", "TM": "Province",
          "UZ": "Region"}


def load_geonames():
    path = ctypes.util.find_library("geonames") or "libgeonames.so.0"
    try:
        g = ctypes.CDLL(path)
    except OSError:
        die("libgeonames not found: apt-get install libgeonames0")
    g.geonames_get_n_cities.restype = ctypes.c_int
    g.geonames_get_city.restype = ctypes.c_void_p
    g.geonames_get_city.argtypes = [ctypes.c_int]
    g.geonames_city_free.argtypes = [ctypes.c_void_p]
    for f, t in (("name", ctypes.c_char_p), ("state", ctypes.c_char_p),
                 ("country_code", ctypes.c_char_p), ("latitude", ctypes.c_double),
                 ("longitude", ctypes.c_double), ("population", ctypes.c_uint)):
        fn = getattr(g, "geonames_city_get_" + f)
        fn.restype, fn.argtypes = t, [ctypes.c_void_p]
    out = []
    for i in range(g.geonames_get_n_cities()):
        c = g.geonames_get_city(i)
        if not c:
            continue
        out.append({"name": g.geonames_city_get_name(c).decode("utf-8"),
                    "cc": g.geonames_city_get_country_code(c).decode("ascii"),
                    "lat": g.geonames_city_get_latitude(c),
                    "lon": g.geonames_city_get_longitude(c),
                    "pop": g.geonames_city_get_population(c)})
        g.geonames_city_free(c)
    return out


def main():
    a2to3 = {c["alpha_2"]: c["alpha_3"] for c in load_iso("3166-1")}
    a2to3["XK"] = "KSV"
    cities = load_geonames()
    by_key = {}                                   # (iso3, folded name) -> biggest city
    for c in cities:
        c["iso3"] = a2to3.get(c["cc"])
        if not c["iso3"]:
            continue
        k = (c["iso3"], fold(c["name"]).casefold())
        if k not in by_key or by_key[k]["pop"] < c["pop"]:
            by_key[k] = c
    ll = lambda lat, lon: ("%.4f" % lat, "%.4f" % lon)
    cand = []                                     # (priority, -pop, row)
    for c in load_wc():
        iso3 = CODE_FIX.get(c["cca3"], c["cca3"])
        for cap in c.get("capital", []):
            names = [cap] + CAP_ALIASES.get(cap, [])
            hit = next((by_key[(iso3, fold(n).casefold())] for n in names
                        if (iso3, fold(n).casefold()) in by_key), None)
            if hit:
                pos = ll(hit["lat"], hit["lon"])
            elif cap in CAP_COORDS:
                pos = ll(*CAP_COORDS[cap])
            else:
                sys.stderr.write("no coordinates for capital %s (%s)\n" % (cap, iso3))
                continue
            for n in names + [hit["name"]] if hit else names:
                for v in {n, fold(n)}:
                    cand.append((0, 0, (v, iso3, "capital") + pos))
    for c in cities:
        if c["iso3"] and (c["pop"] >= MIN_POP or c["iso3"] in FOCUS):
            for v in {c["name"], fold(c["name"])} | set(CITY_ALIASES.get(c["name"], [])):
                cand.append((1, -c["pop"], (v, c["iso3"], "city") + ll(c["lat"], c["lon"])))
    iso2 = {r["code"]: r for r in load_iso("3166-2")}
    for code, (names, centre, fallback) in REGIONS.items():
        cc, iso3 = code[:2], a2to3[code[:2]]
        hit = by_key.get((iso3, fold(centre).casefold())) if centre else None
        if hit:
            pos = ll(hit["lat"], hit["lon"])
        elif fallback:
            pos = ll(*map(float, fallback.split(",")))
        else:
            die("region %s: admin centre %r not in GeoNames and no fallback" % (code, centre))
        allnames = set(names)
        if code in iso2:
            allnames |= {iso2[code]["name"], fold(iso2[code]["name"])}
        for n in names:
            if not n.endswith(("Region", "Province")):
                allnames.add("%s %s" % (n, SUFFIX[cc]))
        for n in allnames:
            cand.append((2, 0, (n, iso3, "region") + pos))
    seen, rows = set(), []
    for _, _, row in sorted(cand):
        if row[0] not in seen:
            seen.add(row[0])
            rows.append(row)
    write_dict("places.txt", "places", [
        "Place name -> ISO 3166-1 alpha-3, kind (capital|city|region), latitude, longitude.",
        "Generated by tools/gen_places.py; do not edit by hand.",
        "Cities (population >= %d, all towns for AFG KAZ KGZ TJK TKM UZB) and capital coordinates:"
        % MIN_POP,
        "GeoNames (CC BY 4.0) as shipped in Debian libgeonames0; capital list: npm world-countries %s (ODbL 1.0);" % wc_version(),
        "regions: ISO 3166-2 codes/names from Debian iso-codes (LGPL-2.1+), English names and",
        "admin centres from a hand table in the script (general knowledge).",
    ], rows)


if __name__ == "__main__":
    main()

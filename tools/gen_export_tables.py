#!/usr/bin/env python3
"""gen_export_tables.py -- writes the lookup tables of `annals export` (docs/export.md).

data/country-codes.tsv   ISO3 -> FIPS 10-4, Correlates of War number, English name
    (GDELT's geography columns use FIPS 10-4; POLECAT's COW columns the COW number).
    Names: Debian iso-codes (iso_3166-1.json, common_name or name). FIPS 10-4: the hand
    table FIPS below, FIPS PUB 10-4 (withdrawn 2008) as listed by GDELT's country lookup
    (transcribed from RBozydar/py-gdelt src/py_gdelt/lookups/data/countries.json). COW: the
    hand table COW below, the Correlates of War Project's state list (COW-country-codes.csv,
    State System Membership v2016) with its abbreviations turned into ISO3 by hand.
data/plover.tsv          CAMEO event code -> PLOVER event, mode, context, quad class
    from ../shared/reference/plover-categories.tsv (openeventdata/PLOVER manual and
    CAMEO2PLOVER-2021.txt, CC BY-SA 4.0): its cameo_code rows, then its cameo_root rows
    for roots; the quad class is the one of the PLOVER event's own row.
data/actor-codes.tsv     3-letter CAMEO actor group -> kind and PLOVER sector
    roles and international generics from ../shared/reference/cameo-actor-roles.tsv (CAMEO
    codebook 1.1b3 Table 3.1; PLOVER 'Sector Codes'); regions and religions from the hand
    tables REGIONS and RELIGIONS below (CAMEO codebook 1.1b3 ch. 3 regional codes; CAMEO
    Religious Coding System, openeventdata/PLOVER CAMEO.RCS.tex, first-level codes).
Run: python3 tools/gen_export_tables.py [path/to/shared/reference]
"""
import csv, os, re, sys
from dictlib import ROOT, die, load_iso, write_dict

REF = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), "shared", "reference")

# FIPS 10-4 -> ISO 3166-1 alpha-3 (entries without an ISO3 code left out).
FIPS = """AA ABW AC ATG AE ARE AF AFG AG DZA AJ AZE AL ALB AM ARM AN AND AO AGO AQ ASM AR ARG
AS AUS AU AUT AV AIA AY ATA BA BHR BB BRB BC BWA BD BMU BE BEL BF BHS BG BGD BH BLZ BK BIH
BL BOL BM MMR BN BEN BO BLR BP SLB BR BRA BT BTN BU BGR BV BVT BX BRN BY BDI CA CAN CB KHM
CD TCD CE LKA CF COG CG COD CH CHN CI CHL CJ CYM CK CCK CM CMR CN COM CO COL CQ MNP CS CRI
CT CAF CU CUB CV CPV CW COK CY CYP DA DNK DJ DJI DO DMA DR DOM EC ECU EG EGY EI IRL EK GNQ
EN EST ER ERI ES SLV ET ETH EZ CZE FG GUF FI FIN FJ FJI FK FLK FM FSM FO FRO FP PYF FR FRA
FS ATF GA GMB GB GAB GG GEO GH GHA GI GIB GJ GRD GK GGY GL GRL GM DEU GP GLP GQ GUM GR GRC
GT GTM GV GIN GY GUY HA HTI HK HKG HM HMD HO HND HR HRV HU HUN IC ISL ID IDN IM IMN IN IND
IO IOT IR IRN IS ISR IT ITA IV CIV IZ IRQ JA JPN JE JEY JM JAM JO JOR KE KEN KG KGZ KN PRK
KR KIR KS KOR KT CXR KU KWT KV KSV KZ KAZ LA LAO LE LBN LG LVA LH LTU LI LBR LO SVK LS LIE
LT LSO LU LUX LY LBY MA MDG MB MTQ MC MAC MD MDA MF MYT MG MNG MH MSR MI MWI MJ MNE MK MKD
ML MLI MN MCO MO MAR MP MUS MR MRT MT MLT MU OMN MV MDV MX MEX MY MYS MZ MOZ NC NCL NE NIU
NF NFK NG NER NH VUT NI NGA NL NLD NN SXM NO NOR NP NPL NR NRU NS SUR NU NIC NZ NZL OD SSD
PA PRY PC PCN PE PER PK PAK PL POL PM PAN PO PRT PP PNG PS PLW PU GNB QA QAT RE REU RI SRB
RM MHL RN MAF RO ROU RP PHL RQ PRI RS RUS RW RWA SA SAU SB SPM SC KNA SE SYC SF ZAF SG SEN
SH SHN SI SVN SL SLE SM SMR SN SGP SO SOM SP ESP ST LCA SU SDN SV SJM SW SWE SX SGS SY SYR
SZ CHE TB BLM TD TTO TH THA TI TJK TK TCA TL TKL TN TON TO TGO TP STP TS TUN TT TLS TU TUR
TV TUV TW TWN TX TKM TZ TZA UC CUW UG UGA UK GBR UP UKR US USA UV BFA UY URY UZ UZB VC VCT
VE VEN VI VGB VM VNM VQ VIR VT VAT WA NAM WE PSE WF WLF WI ESH WS WSM WZ SWZ YM YEM ZA ZMB
ZI ZWE"""

# Correlates of War state number -> ISO3 (member states of the COW list, 2016).
COW = """2 USA 20 CAN 31 BHS 40 CUB 41 HTI 42 DOM 51 JAM 52 TTO 53 BRB 54 DMA 55 GRD 56 LCA
57 VCT 58 ATG 60 KNA 70 MEX 80 BLZ 90 GTM 91 HND 92 SLV 93 NIC 94 CRI 95 PAN 100 COL
101 VEN 110 GUY 115 SUR 130 ECU 135 PER 140 BRA 145 BOL 150 PRY 155 CHL 160 ARG 165 URY
200 GBR 205 IRL 210 NLD 211 BEL 212 LUX 220 FRA 221 MCO 223 LIE 225 CHE 230 ESP 232 AND
235 PRT 255 DEU 290 POL 305 AUT 310 HUN 316 CZE 317 SVK 325 ITA 331 SMR 338 MLT 339 ALB
341 MNE 343 MKD 344 HRV 345 SRB 346 BIH 347 KSV 349 SVN 350 GRC 352 CYP 355 BGR 359 MDA
360 ROU 365 RUS 366 EST 367 LVA 368 LTU 369 UKR 370 BLR 371 ARM 372 GEO 373 AZE 375 FIN
380 SWE 385 NOR 390 DNK 395 ISL 402 CPV 403 STP 404 GNB 411 GNQ 420 GMB 432 MLI 433 SEN
434 BEN 435 MRT 436 NER 437 CIV 438 GIN 439 BFA 450 LBR 451 SLE 452 GHA 461 TGO 471 CMR
475 NGA 481 GAB 482 CAF 483 TCD 484 COG 490 COD 500 UGA 501 KEN 510 TZA 516 BDI 517 RWA
520 SOM 522 DJI 530 ETH 531 ERI 540 AGO 541 MOZ 551 ZMB 552 ZWE 553 MWI 560 ZAF 565 NAM
570 LSO 571 BWA 572 SWZ 580 MDG 581 COM 590 MUS 591 SYC 600 MAR 615 DZA 616 TUN 620 LBY
625 SDN 626 SSD 630 IRN 640 TUR 645 IRQ 651 EGY 652 SYR 660 LBN 663 JOR 666 ISR 670 SAU
679 YEM 690 KWT 692 BHR 694 QAT 696 ARE 698 OMN 700 AFG 701 TKM 702 TJK 703 KGZ 704 UZB
705 KAZ 710 CHN 712 MNG 713 TWN 731 PRK 732 KOR 740 JPN 750 IND 760 BTN 770 PAK 771 BGD
775 MMR 780 LKA 781 MDV 790 NPL 800 THA 811 KHM 812 LAO 816 VNM 820 MYS 830 SGP 835 BRN
840 PHL 850 IDN 860 TLS 900 AUS 910 PNG 920 NZL 935 VUT 940 SLB 946 KIR 947 TUV 950 FJI
955 TON 970 NRU 983 MHL 986 PLW 987 FSM 990 WSM"""

REGIONS = {"AFR": "Africa", "ASA": "Asia", "BLK": "Balkans", "CRB": "Caribbean",
           "CAU": "Caucasus", "CFR": "Central Africa", "CAS": "Central Asia",
           "CEU": "Central Europe", "EIN": "East Indies", "EAF": "Eastern Africa",
           "EEU": "Eastern Europe", "EUR": "Europe", "LAM": "Latin America",
           "MEA": "Middle East", "MDT": "Mediterranean", "NAF": "North Africa",
           "NMR": "North America", "PGS": "Persian Gulf", "SCN": "Scandinavia",
           "SAM": "South America", "SAS": "South Asia", "SEA": "Southeast Asia",
           "SAF": "Southern Africa", "WAF": "West Africa", "WST": "The West"}
RELIGIONS = {"CHR": "Christian", "CTH": "Catholic", "DOX": "Orthodox", "PRO": "Protestant",
             "MOS": "Muslim", "SUN": "Sunni", "SHI": "Shia", "JEW": "Jewish",
             "BUD": "Buddhist", "HIN": "Hindu", "SIK": "Sikh"}


def pairs(text):
    toks = text.split()
    return list(zip(toks[0::2], toks[1::2]))


def ref_rows(name):
    path = os.path.join(REF, name)
    if not os.path.exists(path):
        die("%s not found (pass the folder holding the shared reference tables)" % path)
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l and not l.startswith("#")]
    return list(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE))


def countries():
    names = {c["alpha_3"]: c.get("common_name", c["name"]) for c in load_iso("3166-1")}
    names["KSV"] = "Kosovo"
    fips = {iso: f for f, iso in pairs(FIPS)}
    cow = {iso: n for n, iso in pairs(COW)}
    rows = []
    for iso in sorted(set(names) | set(fips)):
        if iso not in names:
            die("FIPS table names %s, which iso-codes does not know" % iso)
        rows.append((iso, fips.get(iso, "-"), cow.get(iso, "-"), names[iso]))
    bad = set(cow) - set(names)
    if bad:
        die("COW table names unknown ISO3 codes %s" % sorted(bad))
    write_dict("country-codes.tsv", "country-codes", [
        "ISO 3166-1 alpha-3 -> FIPS 10-4 (GDELT geography), Correlates of War state number, name;",
        "'-': none. Generated by tools/gen_export_tables.py; do not edit by hand.",
        "Names: Debian iso-codes (LGPL-2.1+). FIPS 10-4: FIPS PUB 10-4 as listed in GDELT's",
        "country lookup. COW: Correlates of War Project, State System Membership (v2016).",
        "columns: iso3 fips cow name"], rows)


def plover():
    rows = ref_rows("plover-categories.tsv")
    quad = {}
    for r in rows:
        if r[0] == "event":
            quad[r[1]] = r[3][:1]
    out, seen = [], set()
    for r in rows:
        if r[0] != "cameo_code" or r[2] in seen:
            continue                      # 175 is listed twice: the first row counts
        seen.add(r[2])
        m = re.match(r"^mode=([^;]*);context=(.*)$", r[3])
        if not m:
            die("plover-categories.tsv: cannot read %r" % r[3])
        mode = m.group(1).strip() or "-"
        ctx = ",".join(c.strip() for c in m.group(2).split(";") if c.strip()) or "-"
        out.append((r[2], r[1], mode, ctx, quad[r[1]]))
    for r in rows:
        if r[0] != "cameo_root":
            continue
        code = r[2] if r[1] != "RETREAT" else None      # 08 splits: 081-083 CONCEDE, 084-087 RETREAT
        if code and code not in seen:
            seen.add(code)
            out.append((code, r[1], "-", "-", quad.get(r[1], "-")))
    write_dict("plover.tsv", "plover", [
        "CAMEO event code (or root) -> PLOVER event, mode, context (comma-separated), quad class;",
        "'dropped': no PLOVER category (CAMEO 01, 02); '-': none.",
        "Generated by tools/gen_export_tables.py from shared/reference/plover-categories.tsv:",
        "openeventdata/PLOVER manual and CAMEO2PLOVER-2021.txt (Schrodt, draft 0.8), CC BY-SA 4.0.",
        "columns: code event mode context quad"], out)


def sector(plover_col):
    """The PLOVER sector code a CAMEO role becomes (reference column 'plover_equivalent')."""
    for pat in (r"renamed ([A-Z]{3}) in PLOVER", r"dropped -> ([A-Z]{3})", r"\(use ([A-Z]{3})\)",
                r"^([A-Z]{3})\b", r"^(SOC|BUS|UNK)\b", r"^(UNK)/"):
        m = re.search(pat, plover_col)
        if m:
            return m.group(1)
    return "-"


def actor_codes():
    out = []
    for r in ref_rows("cameo-actor-roles.tsv"):
        code, level, meaning, plov = r[0], r[1], r[2], r[3]
        if level.startswith("PLOVER only"):
            continue
        kind = "international" if level.startswith("international") else "role"
        name = meaning.split(":")[0].split(";")[0].split("(")[0].strip()
        out.append((code, kind, sector(plov), name))
    out += [(c, "region", "-", n) for c, n in REGIONS.items()]
    out += [(c, "religion", "-", n) for c, n in RELIGIONS.items()]
    write_dict("actor-codes.tsv", "actor-codes", [
        "3-letter CAMEO actor code group -> kind (role|international|region|religion), PLOVER sector, name.",
        "Generated by tools/gen_export_tables.py. Roles: CAMEO codebook 1.1b3 Table 3.1 and PLOVER",
        "'Sector Codes' (shared/reference/cameo-actor-roles.tsv); regions: CAMEO codebook 1.1b3 ch. 3;",
        "religions: CAMEO Religious Coding System (openeventdata/PLOVER CAMEO.RCS.tex), first level.",
        "columns: group kind sector name"], out)


countries()
plover()
actor_codes()

"""One-off merge of data/incoming/gaza/ into data/events.csv (issue 24, 2026-12-06).

1. Every existing row gets `track` by the rule `describe.gaza_track` used until then:
   a Gaza party (Israel, Hamas, Qatar, Egypt) as actor or recipient -> gaza, else ukraine.
2. The incoming rows (gaza_p1..p3) are appended with their ids, track gaza, minus the
   rows listed in DROP (see data/CHANGELOG.md).
3. The recodes (recode_p1..p3) set pressure_on/effect of existing rows; the recoder's
   reason is appended to the row's notes.
Run once from the project root: python scripts/merge-gaza.py
"""

from __future__ import annotations

import glob

import pandas as pd

GAZA_PARTIES = {"israel", "hamas", "qatar", "egypt"}
#: Incoming rows not merged, with the reason (also in data/CHANGELOG.md).
DROP: dict[str, str] = {
    "E1009": "the same act as E0009 (Trump releases the hold on 2,000-pound bombs for "
    "Israel, 25 Jan 2025), already in events.csv; the brief forbade a new row for it",
}
#: Mechanical fixes to incoming rows: id -> {column: value}.
FIX: dict[str, dict[str, str]] = {
    # Answers E0055 (the strikes of 18 Mar, dated in Gaza's time) but was dated 17 Mar,
    # US time; its notes say Leavitt spoke "as the strikes began early Tuesday 18 Mar
    # local time": dated on the same clock as the act it answers.
    "E1049": {"date": "2025-03-18"},
}
NOTE_ADD = {
    "E1049": "Merge 2026-12-06: dated 18 Mar (was 17 Mar, US time), on the same clock "
    "as E0055, the strikes it answers, which began early 18 Mar local time while it "
    "was still Monday evening in Washington.",
    # Spot-checks of the merge (data/CHANGELOG.md): what the store returned.
    "E1061": "Spot-check 2026-12-06: the cited page did not come back from the store's "
    "search (three queries); the weekend meetings in Doha of a Witkoff aide with "
    "al-Hayya are on https://www.israelhayom.com/2025/05/12/did-witkoffs-aide-meet-"
    "with-senior-hamas-official/ (12 May).",
    "E1222": "Spot-check 2026-12-06: the cited page did not come back from the store's "
    "search (three queries); Rubio's post of Thursday night 24 Jul is on "
    "https://www.israelnationalnews.com/news/412225 (25 Jul).",
    "E1413": "Spot-check 2026-12-06: the cited Press TV page did not come back from the "
    "store's search (two queries, one with its headline); the post of Tuesday 14 Oct is "
    "on https://www.channelnewsasia.com/world/trump-urges-hamas-return-bodies-says-"
    "next-phase-gaza-deal-begins-right-now-5402091 (15 Oct).",
    "E1440": "Spot-check 2026-12-06: the cited page supports the act but names no day; "
    "https://www.newsmax.com/globaltalk/benjamin-netanyahu-raed-saad-hamas/2025/12/15/"
    "id/1238424 says the White House scolded Netanyahu 'on Monday' (15 Dec), a day "
    "after the date coded here; the date is kept pending review.",
}

ev = pd.read_csv("data/events.csv", dtype=str, keep_default_na=False)
assert "track" not in ev.columns
gaza = ev["actor"].isin(GAZA_PARTIES) | ev["recipient"].isin(GAZA_PARTIES)
ev.insert(3, "track", gaza.map({True: "gaza", False: "ukraine"}))

recodes = pd.concat(
    pd.read_csv(f, dtype=str, keep_default_na=False)
    for f in sorted(glob.glob("data/incoming/gaza/recode_p*.csv"))
)
for rec in recodes.itertuples(index=False):
    i = ev.index[ev["id"].eq(rec.id)]
    assert len(i) == 1, rec.id
    row = ev.loc[i[0]]
    assert row["track"] == "gaza" and row["actor"] == "us", rec.id
    assert row["pressure_on"] == "none" and row["effect"] == "", rec.id
    ev.loc[i[0], "pressure_on"] = rec.pressure_on
    ev.loc[i[0], "effect"] = rec.effect
    note = f"Gaza recode 2026-12-06 (pressure_on none -> {rec.pressure_on}, {rec.effect}): {rec.note}"
    old = row["notes"]
    ev.loc[i[0], "notes"] = f"{old} {note}" if old else note

incoming = pd.concat(
    pd.read_csv(f, dtype=str, keep_default_na=False)
    for f in sorted(glob.glob("data/incoming/gaza/gaza_p*.csv"))
)
assert not set(incoming["id"]) & set(ev["id"])
incoming = incoming[~incoming["id"].isin(DROP)].copy()
for rid, fix in FIX.items():
    for col, value in fix.items():
        incoming.loc[incoming["id"].eq(rid), col] = value
for rid, add in NOTE_ADD.items():
    at = incoming["id"].eq(rid)
    incoming.loc[at, "notes"] = incoming.loc[at, "notes"] + " " + add
incoming.insert(3, "track", "gaza")
out = pd.concat([ev, incoming[ev.columns]], ignore_index=True)
out = out.sort_values("id", key=lambda s: s.str[1:].astype(int), kind="stable")
out.to_csv("data/events.csv", index=False, lineterminator="\n")
print(f"{len(ev)} existing rows, {len(incoming)} merged, {len(DROP)} dropped, "
      f"{len(recodes)} recoded; {len(out)} rows")

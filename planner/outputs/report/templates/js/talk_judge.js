  /* What a talk move would do.  mv = {n, s, r, k}: talk n to place k of lane (s, r).  The
     planner's hard rules refuse it: a room closed in that session, a [[place]] rule, a
     room's talks running past the session's end, an author away, a venue pin (the talk's,
     or one of a talk it would push along), a speaker at two talks at once (talk sessions
     that overlap) or due at a talk while a poster they present is on its board.  A new
     shared-author overlap (talks in overlapping sessions, counted as the planner counts
     them, or a poster during the talk) warns; one removed is good.  v.span is the talk's
     minutes after the move. */
  function judgeTalk(mv) {
    const out = { refuse: [], warn: [], good: [], info: [] };
    const n = mv.n, t = talks[n], room = D.talks.rooms[mv.r];
    if (talkPin[n] === "venue") {
      out.refuse.push(`${talkTitled(n)} is pinned by the venue file: change its [[pins]] ` +
        "entry there");
    }
    if (!TE.open[mv.s].includes(mv.r)) {
      out.refuse.push(`${room} is closed in ${talkSessionName(mv.s)}`);
    }
    const rule = talkRuleProblem(n, mv.s, mv.r);
    if (rule) out.refuse.push(`${talkTitled(n)}: ${rule}`);
    for (const k of new Set(t[TALK.authors])) {
      if ((TE.away[k] || []).includes(mv.s)) {
        out.refuse.push(`${personName(k)}, an author of ${talkTitled(n)}, is away for ` +
          talkSessionName(mv.s));
      }
    }
    const spans = new Map();
    for (const lane of lanesAfter(mv)) {
      overrun(lane, out);
      layOut(lane.s, lane.list).forEach((span, k) => spans.set(lane.list[k], span));
      pushedPins(mv, lane, out);
    }
    out.span = spans.get(n);
    speakers(mv, spans, out);
    sharedAuthors(mv, out);
    const poster = t[TALK.poster];
    if (poster >= 0 && pinOf[poster] === "released") {
      out.refuse.push(`the earlier hand edit of its poster, ${titled(poster)}, is unpinned in ` +
        "this page, and edits.toml unpins a paper's poster and talk together: pin the poster " +
        "again first");
    }
    if (talkPin[n] === "workbook" || talkPin[n] === "report") {
      out.info.push(`replaces the earlier hand edit that pinned ${talkTitled(n)}`);
    }
    const shifted = [...spans].filter(([m, span]) => m !== n && talkAt[m]
      && span[0] !== talkAt[m][0]).length;
    if (shifted) {
      out.info.push(`${shifted} other talk${shifted === 1 ? " starts" : "s start"} at another ` +
        "time: the running order moves along");
    }
    return out;
  }
  /* The [[place]] rules as they bind talks: a rule matching the talk keeps it to its talk
     sessions and rooms; an exclusive rule keeps its rooms (else its sessions) for the
     talks it matches (as planner verify's place check reads them). */
  function talkRuleProblem(n, s, r) {
    const mine = talks[n][TALK.rules], rules = TE.rules;
    const keeps = (rule, list, of) =>
      `placement rule '${rule[RULE.name]}' keeps it to ${list.map(of).join(", ")}`;
    for (const k of mine) {
      const rule = rules[k], sessions = rule[RULE.sessions], rooms = rule[RULE.rooms];
      if (sessions && !sessions.includes(s)) return keeps(rule, sessions, talkSessionName);
      if (rooms && !rooms.includes(r)) return keeps(rule, rooms, (x) => D.talks.rooms[x]);
    }
    // Whether a rule of the talk's own names this room (or session): then it may use it.
    const naming = (key, x) =>
      rules.some((o, j) => mine.includes(j) && o[key] && o[key].includes(x));
    for (const rule of rules) {
      if (!rule[RULE.exclusive]) continue;
      const sessions = rule[RULE.sessions], rooms = rule[RULE.rooms];
      if (rooms && rooms.length) {
        if (rooms.includes(r) && (!sessions || sessions.includes(s)) && !naming(RULE.rooms, r)) {
          return `${D.talks.rooms[r]} is kept for placement rule '${rule[RULE.name]}'`;
        }
      } else if (sessions && sessions.includes(s) && !naming(RULE.sessions, s)) {
        return `${talkSessionName(s)} is kept for placement rule '${rule[RULE.name]}'`;
      }
    }
    return "";
  }
  /* A room's talks end by the session's end: their minutes, a changeover between two. */
  function overrun(lane, out) {
    const [s0, s1] = TE.times[lane.s], end = runsTo(lane.s, lane.list);
    if (!lane.list.length || end <= s1) return;
    const count = lane.list.length;
    out.refuse.push(`the talks in ${D.talks.rooms[lane.r]} would run to ${clock(end)}, past the ` +
      `end of ${talkSessionName(lane.s)} (${clock(s1)}): ${count} talks of ` +
      `${laneMinutes(lane.list)} min with ${count - 1} changeover${count === 2 ? "" : "s"} of ` +
      `${TE.changeover} min need ${end - s0} of its ${s1 - s0} min`);
  }
  /* A talk the venue file pins keeps its place in the running order. */
  function pushedPins(mv, lane, out) {
    lane.list.forEach((m, k) => {
      const t = talks[m];
      if (m === mv.n || talkPin[m] !== "venue") return;
      const same = t[TALK.session] === lane.s && t[TALK.room] === lane.r;
      if (same && t[TALK.position] === k + 1) return;
      out.refuse.push(`${talkTitled(m)} is pinned by the venue file at ` +
        `${talkPlace(t[TALK.session], t[TALK.room], t[TALK.position])}: this move would make it ` +
        `talk ${k + 1}`);
    });
  }
  /* A speaker gives one talk at a time (no two of theirs in overlapping talk sessions),
     and no talk of theirs, the moved one or one pushed to another time, overlaps a poster
     session where they present a poster. */
  function speakers(mv, spans, out) {
    const n = mv.n, speaker = talks[n][TALK.speaker];
    for (const m of speaker >= 0 ? talksOf[speaker] : []) {
      if (m !== n && talks[m][TALK.speaker] === speaker && ovTalk(mv.s, talks[m][TALK.session])) {
        out.refuse.push(`${personName(speaker)} would give ${talkTitled(n)} and ` +
          `${talkTitled(m)} (${talkWhere(m)}) at once`);
      }
    }
    for (const [m, span] of spans) {
      const k = talks[m][TALK.speaker];
      for (const i of k >= 0 ? postersOf[k] : []) {
        if (posters[i][P.presenter] !== k || !meets(posterSpan(i), span)) continue;
        if (m !== n && meets(posterSpan(i), talkAt[m])) continue; // so already: not this move's
        out.refuse.push(`${personName(k)} would give ${talkTitled(m)} at ${clock(span[0])}–` +
          `${clock(span[1])} while presenting ${titled(i)} (${where(i)})`);
      }
    }
  }
  /* Shared authors: talks in overlapping sessions, and posters during the talk. */
  function sharedAuthors(mv, out) {
    const n = mv.n, t = talks[n], speaker = t[TALK.speaker], span = out.span;
    for (const k of new Set(t[TALK.authors])) {
      for (const m of talksOf[k]) {
        if (m === n || (k === speaker && talks[m][TALK.speaker] === k)) continue; // refused
        const now = ovTalk(mv.s, talks[m][TALK.session]);
        const before = ovTalk(t[TALK.session], talks[m][TALK.session]);
        if (now && !before) {
          out.warn.push(`new talk overlap: ${personName(k)} is also at ${talkTitled(m)} ` +
            `(${talkWhere(m)})`);
        } else if (before && !now) {
          out.good.push(`removes a talk overlap: ${personName(k)} with ${talkTitled(m)}`);
        }
      }
      for (const i of postersOf[k]) {
        if (k === speaker && posters[i][P.presenter] === k) continue; // refused
        const now = meets(posterSpan(i), span), before = meets(posterSpan(i), talkAt[n]);
        if (now && !before) {
          out.warn.push(`new clash: ${personName(k)} is also at ${titled(i)} (${where(i)}) ` +
            "during the talk");
        } else if (before && !now) {
          out.good.push(`removes a clash: ${personName(k)} with ${titled(i)}`);
        }
      }
    }
  }
  /* A poster's move is judged against the talks too: its presenter is never due at a talk
     of theirs while it is on its board (hard, as constraints/speakers.py keeps it), and a
     clash with a talk it makes or removes is named. */
  const judgePosters = judge;
  judge = (moves) => {
    const out = judgePosters(moves);
    for (const m of moves) {
      const i = m.i, p = posters[i], span = posterSpan(i, m.s), old = posterSpan(i);
      const own = talkOfPoster.get(i);
      if (own !== undefined && talkPin[own] === "released" && pinOf[i] !== "venue") {
        out.refuse.push(`the earlier hand edit of its talk, ${talkTitled(own)}, is unpinned in ` +
          "this page, and edits.toml unpins a paper's poster and talk together: pin the talk " +
          "again first");
      }
      for (const k of new Set(p[P.authors])) {
        for (const n of talksOf[k]) {
          const now = meets(span, talkAt[n]), before = meets(old, talkAt[n]);
          if (k === p[P.presenter] && talks[n][TALK.speaker] === k) {
            if (now) {
              out.refuse.push(`${personName(k)} would present ${titled(i)} while giving ` +
                `${talkTitled(n)} (${talkWhere(n)})`);
            }
          } else if (now && !before) {
            out.warn.push(`new clash: ${personName(k)} is also at ${talkTitled(n)} ` +
              `(${talkWhere(n)})`);
          } else if (before && !now) {
            out.good.push(`removes a clash: ${personName(k)} with ${talkTitled(n)}`);
          }
        }
      }
    }
    return out;
  };

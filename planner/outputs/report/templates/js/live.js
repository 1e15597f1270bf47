  /* Clashes of the plan as it stands in the page: per person, two posters at
     overlapping times (the planner's own count). */
  let live = null;
  function liveClashes() {
    const out = [];
    for (let k = 0; k < D.people.length; k++) {
      const list = postersOf[k];
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          const i = list[a], j = list[b];
          if (!ov(posters[i][P.session], posters[j][P.session])) continue;
          const presenter = posters[i][P.presenter] === k && posters[j][P.presenter] === k;
          out.push({ person: k, poster: i, other: j, presenter });
        }
      }
    }
    return out;
  }
  const edited = () => undoStack.length > 0 || posters.some((p, i) => pinOf[i] !== p[P.pinned]);
  function clashesOf(i) {
    if (!live) {
      return posters[i][P.clashes].map((c) => {
        const clash = D.clashes[c];
        return { person: clash[CLASH.person], who: clash[CLASH.name],
          presenter: clash[CLASH.presenter], why: clash[CLASH.why],
          other: clash[CLASH.poster] === i ? clash[CLASH.other] : clash[CLASH.poster] };
      });
    }
    const planned = new Map(posters[i][P.clashes].map((n) => {
      const c = D.clashes[n];
      return [`${c[CLASH.person]},${c[CLASH.poster]},${c[CLASH.other]}`, c[CLASH.why]];
    }));
    return live.filter((c) => c.poster === i || c.other === i).map((c) => {
      const other = c.poster === i ? c.other : c.poster;
      const why = planned.get(`${c.person},${c.poster},${c.other}`)
        || planned.get(`${c.person},${c.other},${c.poster}`)
        || "made by an edit in this page";
      return { person: c.person, who: personName(c.person), presenter: c.presenter, why, other };
    });
  }
  function pinText(i) {
    return { venue: "pinned by the venue file", workbook: "pinned by a hand edit (workbook)",
      report: "pinned by a hand edit (report)", here: "pinned here (not saved yet)",
      released: "unpinned here (not saved yet)" }[pinOf[i]] || "";
  }

  /* Grouping after edits, estimated from each poster's heaviest terms and scaled so
     that the plan as planned shows the planner's exact figure. */
  const vec = (E.terms || []).map((flat) => {
    const pairs = [];
    let norm = 0;
    for (let k = 0; k < flat.length; k += TERM_STRIDE) {
      const w = flat[k + TERM.weight];
      pairs.push([flat[k + TERM.term], w]);
      norm += w ** 2;
    }
    norm = Math.sqrt(norm) || 1;
    return pairs.map(([t, w]) => [t, w / norm]);
  });
  function pairSum(members) {
    const sum = new Map();
    let squares = 0;
    for (const i of members) {
      for (const [t, w] of vec[i] || []) { sum.set(t, (sum.get(t) || 0) + w); squares += w * w; }
    }
    let total = 0;
    for (const v of sum.values()) total += v * v;
    return [(total - squares) / 2, members.length * (members.length - 1) / 2];
  }
  function dot(a, b) {
    const m = new Map(vec[a] || []);
    let s = 0;
    for (const [t, w] of vec[b] || []) s += (m.get(t) || 0) * w;
    return s;
  }
  function cellsNow() {
    const cells = new Map();
    posters.forEach((p, i) => {
      const key = `${p[P.session]},${p[P.room]}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(i);
    });
    return cells;
  }
  function similarity() {
    const cells = cellsNow();
    let within = 0, pairs = 0, adjacent = 0, expected = 0;
    const bySession = new Map();
    for (const members of cells.values()) {
      const [s, c] = pairSum(members);
      within += s; pairs += c;
      const session = posters[members[0]][P.session];
      if (!bySession.has(session)) bySession.set(session, []);
      bySession.get(session).push(...members);
      if (members.length < 2) continue;
      members.sort((a, b) => posters[a][P.board] - posters[b][P.board]);
      for (let k = 1; k < members.length; k++) adjacent += dot(members[k - 1], members[k]);
      expected += (members.length - 1) * (s / c);
    }
    let sessionWithin = 0, sessionPairs = 0;
    for (const members of bySession.values()) {
      const [s, c] = pairSum(members);
      sessionWithin += s; sessionPairs += c;
    }
    const [all, allPairs] = pairSum(posters.map((_, i) => i));
    const ratio = (w, n) => (n && all > 0 ? (w / n) / (all / allPairs) : 1);
    return { grouping: ratio(within, pairs), sessionGrouping: ratio(sessionWithin, sessionPairs),
      neighbours: expected > 0 ? adjacent / expected : 1 };
  }
  let base = null;

  /* What a move would do.  moves = [{i, s, r, n}]: a poster to a board (n may be null:
     any free board).  Hard rules refuse; new clashes warn; removed clashes are good. */
  const boardsTaken = (s, r) =>
    posters.filter((p) => p[P.session] === s && p[P.room] === r).map((p) => p[P.board]);
  const countIn = (s, r) => boardsTaken(s, r).length;
  function ruleProblem(i, s, r) {
    const mine = posters[i][P.rules];
    for (const k of mine) {
      const rule = E.rules[k];
      const name = rule[RULE.name], rooms = rule[RULE.rooms], sessions = rule[RULE.sessions];
      if (sessions && !sessions.includes(s)) {
        return `placement rule '${name}' keeps it to ${sessions.map(sessionName).join(", ")}`;
      }
      if (rooms && !rooms.includes(r)) {
        return `placement rule '${name}' keeps it to ${rooms.map(roomName).join(", ")}`;
      }
    }
    for (let k = 0; k < E.rules.length; k++) {
      const rule = E.rules[k];
      const name = rule[RULE.name], rooms = rule[RULE.rooms], sessions = rule[RULE.sessions];
      if (!rule[RULE.exclusive] || mine.includes(k)) continue;
      if (rooms && rooms.length) {
        if (rooms.includes(r) && (!sessions || sessions.includes(s))
          && !mine.some((m) => E.rules[m][RULE.rooms] && E.rules[m][RULE.rooms].includes(r))) {
          return `${roomName(r)} is kept for placement rule '${name}'`;
        }
      } else if (sessions && sessions.includes(s)
        && !mine.some((m) => E.rules[m][RULE.sessions] && E.rules[m][RULE.sessions].includes(s))) {
        return `${sessionName(s)} is kept for placement rule '${name}'`;
      }
    }
    return "";
  }
  function full(s, r) {
    const cell = E.cells[s][r];
    const spare = cell[CELL.boards] - cell[CELL.usable];
    return `${roomName(r)} is full in ${sessionName(s)}: all ${cell[CELL.usable]} usable boards are ` +
      `taken${spare ? ` (${spare} more kept free as spares)` : ""}; swap with a poster there ` +
      "instead";
  }
  function judge(moves) {
    const out = { refuse: [], warn: [], good: [], info: [] };
    const to = new Map(moves.map((m) => [m.i, m]));
    const sessionAfter = (j) => (to.has(j) ? to.get(j).s : posters[j][P.session]);
    const where = (j) => (to.has(j)
      ? `${sessionName(to.get(j).s)} (moving too)`
      : `${posters[j][P.label]}, ${sessionName(posters[j][P.session])}`);
    const load = new Map();
    for (const m of moves) {
      const i = m.i, p = posters[i];
      if (pinOf[i] === "venue") {
        out.refuse.push(`${titled(i)} is pinned by the venue file: change its [[pins]] entry there`);
      }
      if (!E.cells[m.s][m.r]) {
        out.refuse.push(`${roomName(m.r)} is closed in ${sessionName(m.s)}`);
        continue;
      }
      const rule = ruleProblem(i, m.s, m.r);
      if (rule) out.refuse.push(`${titled(i)}: ${rule}`);
      for (const k of new Set(p[P.authors])) {
        if ((E.away[k] || []).includes(m.s)) {
          out.refuse.push(`${personName(k)}, an author of ${titled(i)}, is away for ${sessionName(m.s)}`);
        }
      }
      const presenter = p[P.presenter];
      for (const k of new Set(p[P.authors])) {
        for (const j of postersOf[k]) {
          if (j === i || (to.has(j) && j < i)) continue;
          const now = ov(m.s, sessionAfter(j)), before = ov(p[P.session], posters[j][P.session]);
          if (k === presenter && posters[j][P.presenter] === k && now) {
            out.refuse.push(`${personName(k)} would present ${titled(i)} and ${titled(j)} ` +
              `(${where(j)}) at the same time`);
          } else if (now && !before) {
            out.warn.push(`new clash: ${personName(k)} is also at ${titled(j)} (${where(j)})`);
          } else if (before && !now) {
            out.good.push(`removes a clash: ${personName(k)} with ${titled(j)}`);
          }
        }
      }
      if (pinOf[i] === "workbook" || pinOf[i] === "report") {
        out.info.push(`replaces the earlier hand edit that pinned ${titled(i)}`);
      }
      const into = `${m.s},${m.r}`, from = `${p[P.session]},${p[P.room]}`;
      if (m.any && !m.n) {
        out.refuse.push(full(m.s, m.r));
      } else if (into !== from) {
        load.set(into, (load.get(into) || 0) + 1);
        load.set(from, (load.get(from) || 0) - 1);
      }
    }
    for (const [key, delta] of load) {
      if (delta <= 0) continue;
      const [s, r] = key.split(",").map(Number);
      const cell = E.cells[s][r];
      if (!cell) continue;
      if (countIn(s, r) + delta > cell[CELL.usable]) out.refuse.push(full(s, r));
    }
    if (!out.refuse.length && base) {
      const before = similarity();
      const saved = moves.map((m) => [m.i, ...placeOf(m.i)]);
      for (const m of moves) moveTo(m.i, m.s, m.r, m.n || 0);
      const after = similarity();
      for (const [i, s, r, n] of saved) moveTo(i, s, r, n);
      const g = (x) => (E.grouping * x.grouping / (base.grouping || 1)).toFixed(2);
      if (g(after) !== g(before)) {
        out.info.push(`topic grouping by room ${g(before)}x → ${g(after)}x random`);
      }
    }
    return out;
  }
  function verdictLines(v) {
    return [
      ...v.refuse.map((t) => ["no", `Refused: ${t}.`]),
      ...v.warn.map((t) => ["warn", `${t}.`]),
      ...v.good.map((t) => ["good", `${t}.`]),
      ...v.info.map((t) => ["info", `${t}.`]),
    ];
  }

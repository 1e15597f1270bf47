  /* Everything the page shows that an edit changes. */
  function changedPosters() {
    const out = [];
    posters.forEach((p, i) => {
      if (movedHere(i) || pinOf[i] !== p[P.pinned]) out.push(i);
    });
    return out;
  }
  function refresh(focus) {
    live = edited() ? liveClashes() : null;
    const clashed = new Set();
    const source = live
      || D.clashes.map((c) => ({ poster: c[CLASH.poster], other: c[CLASH.other] }));
    for (const c of source) { clashed.add(c.poster); clashed.add(c.other); }
    const changed = new Set(changedPosters());
    boards.forEach((el, i) => {
      el.classList.toggle("x", clashed.has(i));
      el.classList.toggle("u", changed.has(i));
      const pinned = pinOf[i] !== "" && pinOf[i] !== "released";
      el.classList.toggle("p", pinned);
      el.classList.toggle("h", ["workbook", "report", "here"].includes(pinOf[i]));
      el.setAttribute("aria-label", [posters[i][P.label], `topic ${posters[i][P.topic] + 1}`,
        clashed.has(i) ? "clash" : null, pinText(i) || null,
        changed.has(i) ? "edited here" : null,
        posters[i][P.rules].length ? `rule ${posters[i][P.rules].map(ruleName).join(", ")}` : null,
      ].filter(Boolean).join(", "));
    });
    for (const key of groupOf.keys()) showLoad(...key.split(",").map(Number));
    fixTabStops();
    showFigures();
    showEdits(changed);
    if (selected >= 0) renderDetails(selected);
    if (focus !== undefined && focus >= 0) rove(boards[focus]);
    root.dataset.editCount = String(changed.size);
    root.dataset.clashes = String(source.length);
  }
  function showLoad(s, r) {
    const total = boardsIn(s, r), usable = usableIn(s, r);
    const here = boardsTaken(s, r);
    const taken = new Set(here);
    const last = Math.max(total, ...here);
    let empty = 0, spare = 0;
    for (let n = 1; n <= Math.min(usable, last); n++) if (!taken.has(n)) empty++;
    for (let n = usable + 1; n <= total; n++) if (!taken.has(n)) spare++;
    const over = here.length - usable;
    const text = `${here.length} of ${usable} boards used` + (empty ? `, ${empty} empty` : "")
      + (spare ? `, ${spare} spare` : "") + (over > 0 ? `, ${over} over` : "");
    const room = roomOf.get(`${s},${r}`);
    if (!room) return;
    room.classList.toggle("over", over > 0);
    room.querySelector(".load").textContent = text;
    const meter = room.querySelector("meter");
    meter.value = here.length;
    meter.textContent = `${here.length}/${usable}`;
    groupOf.get(`${s},${r}`).setAttribute("aria-label", `${sessionName(s)}, ${roomName(r)}: ${text}`);
  }
  const figureCards = new Map(Array.from(document.querySelectorAll("#figures [data-fig]"))
    .map((el) => [el.dataset.fig, { el, html: el.querySelector("dd").cloneNode(true) }]));
  function showFigure(name, value, note, warn) {
    const card = figureCards.get(name);
    if (!card) return;
    const dd = card.el.querySelector("dd");
    if (value === null) {
      dd.replaceWith(card.html.cloneNode(true));
      return;
    }
    fill(dd, h("strong", null, value), h("span", null, note));
    card.el.classList.toggle("warn", warn);
  }
  function showFigures() {
    if (!live) {
      for (const name of figureCards.keys()) showFigure(name, null);
      return;
    }
    const presenter = live.filter((c) => c.presenter).length;
    const sim = similarity();
    const after = "after the edits in this page, not saved yet";
    showFigure("presenter", String(presenter), after, presenter > 0);
    const above = live.length - E.bound;
    showFigure("clashes", `${live.length} (lower bound ${E.bound})`,
      `${above > 0 ? `${above} above the lower bound` : "at the lower bound"}; ${after}`, above > 0);
    // Worded as planner/plan/figure_text.py words them, estimated and scaled to the planned figures.
    const ratio = (name) => `${(E[name] * sim[name] / (base[name] || 1)).toFixed(2)}x`;
    const planned = (name) => `${E[name].toFixed(2)}x`;
    const roomOnly = E.sessionGrouping === null;
    showFigure("grouping", roomOnly ? `${ratio("grouping")} random by room`
      : `${ratio("sessionGrouping")} random by session, ${ratio("grouping")} by room`,
    `estimated ${after} (planned ${roomOnly ? `${planned("grouping")} by room`
      : `${planned("sessionGrouping")} by session, ${planned("grouping")} by room`})`, false);
    showFigure("neighbours", `${ratio("neighbours")} random`,
      `estimated ${after} (planned ${planned("neighbours")})`, false);
  }

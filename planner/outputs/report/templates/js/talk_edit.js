  /* Editing talks (only in the page of a plan with talks).  A talk is dragged, or carried
     with the keyboard, onto another talk, whose place in the running order it takes (the
     talks after it move along), or onto a lane's free end, in any talk session and room.
     A room's talks follow one another from the session's start, each its minutes plus the
     changeover, so a move recomputes the times of every talk in the lanes it touches.
     A moved talk is pinned where it was put: edits.toml gets a [[pins]] entry naming its
     talk session, room and position.  The lanes' order in the page is the running order.

     D.talks.edit: sessionIds and roomIds (the talk sessions' and seated rooms'); open[s] =
     the rooms open in talk session s; times[s] = its [start, end] and posterTimes[s] = a
     poster session's, in minutes from midnight of the programme's first day (null: a
     session the venue lacks); changeover; away = {person: [talk session...]}; bound = the
     shared-author talk overlaps' lower bound; rules[k] = a [[place]] rule as it binds talks
     (name, talk rooms or null, talk sessions or null, exclusive), talks[n][TALK.rules]
     those that match talk n. */
  const TE = D.talks.edit;
  const tracks = Array.from(overview.querySelectorAll(".track[data-ts]"));
  const trackOf = new Map(tracks.map((el) => [`${el.dataset.ts},${el.dataset.tr}`, el]));
  const laneTalks = (track) =>
    Array.from(track.querySelectorAll(".tk[data-t]"), (el) => talkIndex.get(el));
  const two = (x) => String(x).padStart(2, "0");
  const clock = (m) => `${two(Math.floor(m / 60) % 24)}:${two(m % 60)}`;
  // Each talk's [start, end] in minutes, read from its clock time on its session's day.
  const talkAt = talks.map((t) => {
    if (t[TALK.session] < 0) return null;
    const s0 = TE.times[t[TALK.session]][0];
    let start = s0 - (s0 % 1440) + +t[TALK.start].slice(0, 2) * 60 + +t[TALK.start].slice(3, 5);
    if (start < s0) start += 1440;
    return [start, start + t[TALK.minutes]];
  });
  const talkOrigin = talks.map((t) =>
    ({ s: t[TALK.session], r: t[TALK.room], k: t[TALK.position] }));
  const talkPin = talks.map((t) => t[TALK.pinned]); // as pinOf is for posters
  const talksOf = D.people.map(() => []);
  talks.forEach((t, n) => new Set(t[TALK.authors]).forEach((k) => talksOf[k].push(n)));
  const talkOfPoster = new Map();
  talks.forEach((t, n) => { if (t[TALK.poster] >= 0) talkOfPoster.set(t[TALK.poster], n); });
  const sessionSpan = (s) => (s >= 0 ? TE.times[s] : null);
  // Two talk sessions overlap (a session overlaps itself): the planner's own test.
  const ovTalk = (a, b) => a >= 0 && b >= 0 && (a === b
    || (TE.times[a][0] < TE.times[b][1] && TE.times[b][0] < TE.times[a][1]));
  const meets = (x, y) => Boolean(x && y && x[0] < y[1] && y[0] < x[1]);
  const posterSpan = (i, s) => TE.posterTimes[s === undefined ? posters[i][P.session] : s];
  const talkSessionName = (s) => (s >= 0 ? D.talks.sessions[s][SESSION.name] : "?");
  const talkTitled = (n) => {
    const title = talks[n][TALK.title];
    return `“${title.length > 60 ? `${title.slice(0, 57)}…` : title}”`;
  };
  const talkPlace = (s, r, k) => `talk ${k} of ${D.talks.rooms[r]}, ${talkSessionName(s)}`;
  const talkMoved = (n) => {
    const t = talks[n], o = talkOrigin[n];
    return t[TALK.session] !== o.s || t[TALK.room] !== o.r || t[TALK.position] !== o.k;
  };
  // An edit: a pin changed, or a pinned talk somewhere else (one moved, or pushed along).
  const talkEdited = (n) => talkPin[n] !== talks[n][TALK.pinned]
    || (talkMoved(n) && talkPin[n] !== "" && talkPin[n] !== "released");
  const changedTalks = () => talks.map((_, n) => n).filter(talkEdited);
  const pinWords = (kind) => ({ venue: "pinned by the venue file",
    workbook: "pinned by a hand edit (workbook)", report: "pinned by a hand edit (report)",
    here: "pinned here (not saved yet)", released: "unpinned here (not saved yet)" }[kind] || "");
  const laneMinutes = (list) => list.reduce((sum, n) => sum + talks[n][TALK.minutes], 0);
  // Where a lane's talks end: its session's start, their minutes, a changeover between two.
  const runsTo = (s, list) =>
    TE.times[s][0] + laneMinutes(list) + TE.changeover * Math.max(0, list.length - 1);
  function layOut(s, list) {
    let at = TE.times[s][0];
    return list.map((n) => {
      const span = [at, at + talks[n][TALK.minutes]];
      at = span[1] + TE.changeover;
      return span;
    });
  }
  function gapOf(minutes) {
    const gap = h("span", { class: "gap", title: `${minutes} min free` });
    gap.style.flexGrow = String(minutes);
    return gap;
  }
  /* Draws a lane again from its running order: times, gaps, its load and its heading. */
  function drawLane(track) {
    const s = +track.dataset.ts, r = +track.dataset.tr;
    const list = laneTalks(track), spans = layOut(s, list), [s0, s1] = TE.times[s];
    const kids = [];
    let at = s0;
    list.forEach((n, k) => {
      const t = talks[n], [a, b] = spans[k];
      if (a > at) kids.push(gapOf(a - at));
      kids.push(talkEls[n]);
      at = b;
      Object.assign(t, { [TALK.session]: s, [TALK.room]: r, [TALK.position]: k + 1,
        [TALK.start]: clock(a), [TALK.end]: clock(b) });
      talkAt[n] = [a, b];
      talkEls[n].querySelector(".tk-time").textContent = t[TALK.start];
    });
    if (s1 > at) kids.push(gapOf(s1 - at));
    track.replaceChildren(...kids);
    const count = list.length, session = D.talks.sessions[s];
    const load = `${count} talk${count === 1 ? "" : "s"}, ${laneMinutes(list)} of ${s1 - s0} min`;
    track.parentNode.querySelector("h4 .load").textContent = load;
    track.setAttribute("aria-label", `${session[SESSION.name]}, ${D.talks.rooms[r]}: ${load}`);
    if (!list.some((n) => talkEls[n].tabIndex === 0) && list.length) talkEls[list[0]].tabIndex = 0;
    const section = track.closest("section");
    const all = section.querySelectorAll(".tk[data-t]").length;
    section.querySelector("h3 .when").textContent = ` · ${session[SESSION.time]} · ${all} talks`;
  }
  /* Puts talk n at place k (from 1) of lane (s, r); the talks after it move along. */
  function placeTalk(n, s, r, k) {
    const from = talkEls[n].parentNode, to = trackOf.get(`${s},${r}`);
    const after = laneTalks(to).filter((m) => m !== n)[k - 1];
    if (after === undefined) to.append(talkEls[n]);
    else to.insertBefore(talkEls[n], talkEls[after]);
    talkEls[n].tabIndex = -1;
    drawLane(to);
    if (from !== to) drawLane(from);
  }
  /* The lanes a move touches, as they would be: [{s, r, list}], the destination first. */
  function lanesAfter(mv) {
    const from = talkEls[mv.n].parentNode, to = trackOf.get(`${mv.s},${mv.r}`);
    const list = laneTalks(to).filter((m) => m !== mv.n);
    list.splice(mv.k - 1, 0, mv.n);
    const out = [{ s: mv.s, r: mv.r, list }];
    if (from !== to) {
      out.push({ s: +from.dataset.ts, r: +from.dataset.tr,
        list: laneTalks(from).filter((m) => m !== mv.n) });
    }
    return out;
  }

  /* The clashes of the talks as the page stands (as the planner marks them): an author
     of a talk due at a poster of theirs whose session overlaps the talk's minutes, or at
     another talk of theirs at overlapping minutes. */
  function liveTalkClashes() {
    return talks.map((t, n) => {
      const out = [];
      for (const k of new Set(t[TALK.authors])) {
        for (const i of postersOf[k]) {
          if (meets(posterSpan(i), talkAt[n])) out.push({ person: k, poster: i, talk: -1 });
        }
        for (const m of talksOf[k]) {
          if (m !== n && meets(talkAt[m], talkAt[n])) out.push({ person: k, poster: -1, talk: m });
        }
      }
      return out;
    });
  }
  /* Shared-author talk overlaps, counted as the planner counts them: per person, the
     pairs of their talks in overlapping talk sessions. */
  function talkOverlaps() {
    let count = 0;
    for (const list of talksOf) {
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          if (ovTalk(talks[list[a]][TALK.session], talks[list[b]][TALK.session])) count++;
        }
      }
    }
    return count;
  }
  function showTalkFigure() {
    if (!liveTalk) return; // showFigures put the planned card back
    const count = talkOverlaps(), above = count - TE.bound;
    showFigure("talk-clashes", `${count} (lower bound ${TE.bound})`,
      `talks sharing an author at overlapping times; ${above > 0 ? `${above} above the lower ` +
        "bound" : "at the lower bound"}; after the edits in this page, not saved yet`, above > 0);
  }
  /* A talk block's marks, as a poster's: clash, edited here, pinned, a hand edit. */
  function markTalk(el, n, changed) {
    const t = talks[n], clash = talkClashList(n).length > 0;
    el.classList.toggle("x", clash);
    el.classList.toggle("u", changed);
    el.classList.toggle("p", talkPin[n] !== "" && talkPin[n] !== "released");
    el.classList.toggle("h", ["workbook", "report", "here"].includes(talkPin[n]));
    const speaker = t[TALK.speaker] >= 0 ? `speaker ${personName(t[TALK.speaker])}` : null;
    el.setAttribute("aria-label", [`talk ${t[TALK.position]}`, `${t[TALK.start]}–${t[TALK.end]}`,
      t[TALK.title], speaker, `theme ${t[TALK.topic] + 1}`, clash ? "clash" : null,
      pinWords(talkPin[n]) || null, changed ? "edited here" : null].filter(Boolean).join(", "));
  }
  /* The page after any edit, talks too: the poster parts' refresh, then the talks'. */
  const refreshPosters = refresh;
  refresh = (focus) => {
    refreshPosters(focus);
    liveTalk = edited() ? liveTalkClashes() : null;
    const changed = new Set(changedTalks());
    talkEls.forEach((el, n) => markTalk(el, n, changed.has(n)));
    showTalkFigure();
    if (selectedTalk >= 0) renderTalk(selectedTalk);
    root.dataset.editCount = String(changedPosters().length + changed.size);
    root.dataset.talkClashes = String(talkOverlaps());
  };
  /* The edits list shows the talks' edits after the posters'. */
  const showPosterEdits = showEdits;
  showEdits = (changed) => {
    showPosterEdits(changed);
    const items = changedTalks().map((n) => {
      const t = talks[n], o = talkOrigin[n];
      const what = talkMoved(n) ? `talk moved from ${talkPlace(o.s, o.r, o.k)} to ` +
        `${talkPlace(t[TALK.session], t[TALK.room], t[TALK.position])}` : pinWords(talkPin[n]);
      return h("li", null, button(t[TALK.title], () => selectTalk(n, true), "linkish"),
        h("br"), what);
    });
    eList.append(...items);
    eCount.textContent = `(${eList.children.length})`;
  };
  /* The details' edit row of a talk: pick up, pin or unpin, and what pins it. */
  function talkEditRow(n) {
    if (!editing) return pinWords(talkPin[n]) || null;
    const pinned = talkPin[n] !== "" && talkPin[n] !== "released";
    return [pinWords(talkPin[n]) || "placed by the planner", h("br"),
      button("Pick up (M)", () => talkCarry.pickUp(n)), " ",
      talkPin[n] === "venue" ? null
        : button(pinned ? "Unpin (P)" : "Pin here (P)", () => toggleTalkPin(n))];
  }

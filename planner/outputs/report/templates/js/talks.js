  /* Talks (only in the page of a plan with talks): D.talks.talks[n] is the n-th talk block
     (.tk[data-t]); D.talks.sessions and D.talks.rooms are its talk sessions and rooms.
     A talk's details show in the side panel as a poster's do; the search finds talks too.
     The poster parts above stay as they were, so this part wraps search, select and
     fromHash rather than changing them.  The poster editor never sees a talk (it is not
     a .b): the talk parts after this one move talks. */
  const TALK = fieldIndex(F.talk, ["id", "title", "authors", "speaker", "topic", "session",
    "room", "position", "start", "end", "poster", "clashes", "minutes", "pinned", "rules"]);
  const TCLASH = fieldIndex(F.talkClash, ["person", "poster", "talk"]);
  const talks = D.talks.talks;
  const talkEls = Array.from(overview.querySelectorAll(".tk[data-t]"));
  if (talkEls.length !== talks.length) console.error("report: talk blocks and talks differ");
  const talkIndex = new Map(talkEls.map((el, n) => [el, n]));
  const talkById = new Map(talks.map((t, n) => [t[TALK.id], n]));
  const talkHay = talks.map((t) =>
    fold([t[TALK.title], t[TALK.id], ...t[TALK.authors].map(personName)].join("\n")));
  const talkSession = (t) => D.talks.sessions[t[TALK.session]];
  const talkRoom = (t) => (t[TALK.room] >= 0 ? D.talks.rooms[t[TALK.room]] : "?");
  const talkWhere = (m) => {
    const t = talks[m], s = talkSession(t);
    return `talk ${t[TALK.position]}, ${talkRoom(t)}, ${s ? s[SESSION.name] : "?"}`;
  };
  let selectedTalk = -1;
  // The talk clashes as the page stands, once anything is edited (talk_edit.js); until
  // then the planner's, from the data: per talk, {person, poster or -1, talk or -1}.
  let liveTalk = null;
  const talkClashList = (n) => (liveTalk ? liveTalk[n] : talks[n][TALK.clashes].map((c) =>
    ({ person: c[TCLASH.person], poster: c[TCLASH.poster], talk: c[TCLASH.talk] })));
  function unselectTalk() {
    if (selectedTalk >= 0) talkEls[selectedTalk].classList.remove("sel");
    selectedTalk = -1;
  }
  const selectPoster = select;
  select = (i, scroll) => { unselectTalk(); selectPoster(i, scroll); };
  function talkClashItems(n) {
    return talkClashList(n).map((c) => {
      const who = personName(c.person);
      const poster = c.poster, other = c.talk;
      return h("li", { class: "warn" }, `${who} is also at `,
        poster >= 0 ? ["poster ", button(where(poster), () => select(poster, true), "linkish")]
          : button(talkWhere(other), () => selectTalk(other, true), "linkish"),
        " at the same time");
    });
  }
  function renderTalk(n) {
    const t = talks[n], s = talkSession(t);
    const minutes = (time) => +time.slice(0, 2) * 60 + +time.slice(3, 5);
    const length = minutes(t[TALK.end]) - minutes(t[TALK.start]);
    const inRoom = talks.filter((o) => o[TALK.session] === t[TALK.session]
      && o[TALK.room] === t[TALK.room]).length;
    const authors = h("ul", null, t[TALK.authors].map((k) => h("li", null,
      button(personName(k), () => chooseAuthor(k, true), "linkish"),
      k === t[TALK.speaker] ? h("span", { class: "tag" }, "speaking") : null)));
    const poster = t[TALK.poster];
    const rows = [
      ["Session", s ? s[SESSION.name] + (s[SESSION.time] ? `, ${s[SESSION.time]}` : "") : "?"],
      ["Room", talkRoom(t)],
      ["Order", `talk ${t[TALK.position]} of ${inRoom}`],
      ["Time", `${t[TALK.start]}–${t[TALK.end]} (${length} min)`],
      ["Theme", [h("span", { class: `sw t${t[TALK.topic]}`, "aria-hidden": "true" },
        String(t[TALK.topic] + 1)), ` ${t[TALK.topic] + 1}: ${topicLabel(t[TALK.topic])}`]],
      ["Speaker", t[TALK.speaker] >= 0 ? personName(t[TALK.speaker]) : "not named"],
      ["Authors", authors],
      ["Poster", poster >= 0
        ? ["also a poster: ", button(where(poster), () => select(poster, true), "linkish"),
          h("br"), sessionText(posters[poster][P.session])]
        : "no poster"],
    ];
    if (talkClashList(n).length) rows.push(["Clashes", h("ul", null, talkClashItems(n))]);
    const edit = talkEditRow(n);
    if (edit) rows.push(["Edit", edit]);
    rows.push(["Paper", t[TALK.id]]);
    fill(details, h("h2", { id: "details-h" }, "Talk"), h("h3", null, t[TALK.title]),
      h("dl", null, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
    root.dataset.talk = t[TALK.id];
  }
  function selectTalk(n, scroll) {
    if (selected >= 0) { boards[selected].classList.remove("sel"); selected = -1; }
    unselectTalk();
    selectedTalk = n;
    const el = talkEls[n];
    el.classList.add("sel");
    roveTalk(el);
    renderTalk(n);
    if (scroll) {
      el.scrollIntoView({ block: "center", inline: "nearest" });
      el.focus({ preventScroll: true });
    }
  }
  /* Keyboard: one tab stop per lane; the arrows move along its talks. */
  function roveTalk(el) {
    for (const o of el.parentNode.querySelectorAll(".tk[data-t]")) o.tabIndex = o === el ? 0 : -1;
  }
  overview.addEventListener("keydown", (ev) => {
    if (!talkIndex.has(ev.target)) return;
    const lane = Array.from(ev.target.parentNode.querySelectorAll(".tk[data-t]"));
    const k = lane.indexOf(ev.target);
    const next = { ArrowRight: lane[k + 1], ArrowLeft: lane[k - 1], Home: lane[0],
      End: lane[lane.length - 1] }[ev.key];
    if (ev.key === "Escape") { tip.hidden = true; return; }
    if (!(ev.key in { ArrowRight: 1, ArrowLeft: 1, Home: 1, End: 1 })) return;
    ev.preventDefault();
    if (next) { roveTalk(next); next.focus(); }
  });
  overview.addEventListener("click", (ev) => {
    const el = ev.target.closest(".tk[data-t]");
    if (el) selectTalk(talkIndex.get(el), false);
  });
  overview.addEventListener("focusin", (ev) => {
    const n = talkIndex.get(ev.target);
    if (n !== undefined && n !== selectedTalk) selectTalk(n, false);
  });
  overview.addEventListener("mouseover", (ev) => {
    const el = ev.target.closest(".tk[data-t]");
    if (!el || dragging() || talkDragging()) return;
    const n = talkIndex.get(el), t = talks[n];
    fill(tip, h("strong", null, `${t[TALK.start]}–${t[TALK.end]} · ${talkRoom(t)}`),
      t[TALK.title], h("br"), t[TALK.authors].map(personName).join(", "),
      talkClashList(n).length ? [h("br"), "clash"] : null);
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    tip.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${r.bottom + 8}px`;
  });

  /* The search finds talks too: the posters' search runs first, the talks' hits follow. */
  const searchPosters = search;
  search = (text) => {
    searchPosters(text);
    const terms = fold(text).split(/\s+/).filter(Boolean);
    const topic = terms.length === 1 && /^topic:\d+$/.test(terms[0]) ? +terms[0].slice(6) - 1 : -1;
    const found = [];
    talks.forEach((t, n) => {
      const ok = terms.length > 0 && (topic >= 0 ? t[TALK.topic] === topic
        : terms.every((term) => talkHay[n].includes(term)));
      if (ok) found.push(n);
      talkEls[n].classList.toggle("hit", ok);
    });
    if (!terms.length) return;
    const n = found.length;
    qCount.textContent += `; ${n === 1 ? "1 talk matches" : `${n} talks match`}`;
    qList.append(...found.slice(0, 100).map((m) => h("li", null, button(
      `Talk ${talks[m][TALK.start]} · ${talkRoom(talks[m])}: ${talks[m][TALK.title]}`,
      () => selectTalk(m, true)))));
    root.dataset.talkHits = String(n);
  };
  const posterHash = fromHash;
  fromHash = () => {
    posterHash();
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has("talk") && talkById.has(params.get("talk"))) {
      selectTalk(talkById.get(params.get("talk")), false);
    }
  };

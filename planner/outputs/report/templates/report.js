/* report.html: poster details, search and the author view, rendered on demand from the
   plan data embedded in the page (script#plan-data).  No libraries, no network.

   The data's records are lists, kept short for a plan of thousands of posters; each kind's
   field names come once, in D.fields (planner/outputs/report/page.py sets them), and the script
   reads every field by name through them: p[P.title], person[PERSON.name].
   posters[i]: a poster (id, title, authors as people, topic, session, room, board label,
     status, reason, presenter or -1, url, change since the previous run, clashes,
     placement rules, pinned by, board number); the i-th board element (.b[data-p]) is
     the i-th poster.
   people[k], sessions[s], clashes[c], moves = {poster: move}; rooms[r] = name;
   topics = {id: label}; edit = what the editor needs (see "Editing" below).
   The address may hold #search=..., #author=... (a name or a person key) and #poster=<id>. */
(() => {
  "use strict";
  const started = performance.now();
  const D = JSON.parse(document.getElementById("plan-data").textContent);
  /* Field name -> position in a record of that kind.  A name the data lacks is an error
     here, at once, rather than an undefined field somewhere later. */
  function fieldIndex(names, wanted) {
    const index = Object.create(null);
    names.forEach((name, i) => { index[name] = i; });
    for (const name of wanted) {
      if (!(name in index)) throw new Error(`report: the data has no field "${name}"`);
    }
    return Object.freeze(index);
  }
  const F = D.fields;
  const P = fieldIndex(F.poster, ["id", "title", "authors", "topic", "session", "room", "label",
    "status", "reason", "presenter", "url", "change", "clashes", "rules", "pinned", "board"]);
  const PERSON = fieldIndex(F.person, ["name", "institutions", "key"]);
  const SESSION = fieldIndex(F.session, ["name", "time"]);
  const MOVE = fieldIndex(F.move, ["kind", "before", "after", "why"]);
  const CLASH = fieldIndex(F.clash, ["person", "name", "poster", "other", "presenter", "why"]);
  const CELL = fieldIndex(F.cell, ["boards", "usable"]);
  const RULE = fieldIndex(F.rule, ["name", "rooms", "sessions", "exclusive"]);
  const TERM = fieldIndex(F.term, ["term", "weight"]);
  const TERM_STRIDE = F.term.length;
  const posters = D.posters;
  const root = document.documentElement;
  const overview = document.getElementById("overview");
  const boards = Array.from(overview.querySelectorAll(".b[data-p]"));
  if (boards.length !== posters.length) console.error("report: boards and posters differ");
  const index = new Map(boards.map((el, i) => [el, i]));
  const byId = new Map(posters.map((p, i) => [p[P.id], i]));
  const keyIndex = new Map(D.people.map((person, k) => [person[PERSON.key], k]));
  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const personName = (k) => (k >= 0 && D.people[k] ? D.people[k][PERSON.name] : "?");
  const topicLabel = (t) => (String(t) in D.topics ? D.topics[t] : `topic ${t + 1}`);
  const sessionText = (s) => {
    const session = D.sessions[s];
    return session[SESSION.name] + (session[SESSION.time] ? `, ${session[SESSION.time]}` : "");
  };
  const hay = posters.map((p) =>
    fold([p[P.title], p[P.id], ...p[P.authors].map(personName)].join("\n")));
  const peopleHay = D.people.map((person) => fold(person[PERSON.name]));
  const postersOf = D.people.map(() => []);
  posters.forEach((p, i) => p[P.authors].forEach((k) => {
    const list = postersOf[k];
    if (list[list.length - 1] !== i) list.push(i);
  }));

  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") el.className = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid !== null && kid !== undefined && kid !== false) el.append(kid);
    }
    return el;
  }
  // replaceChildren() would print null as "null": drop the parts left out.
  const fill = (el, ...kids) =>
    el.replaceChildren(...kids.flat(Infinity).filter((k) => k != null && k !== false));
  const button = (text, action, cls) =>
    h("button", { type: "button", class: cls || "", onclick: action }, text);

  /* Keyboard: one tab stop per room; arrows move between its boards. */
  for (const group of overview.querySelectorAll(".boards")) {
    group.querySelectorAll(".b[data-p]").forEach((el, n) => { el.tabIndex = n ? -1 : 0; });
  }
  function rove(el) {
    const current = el.parentNode.querySelector('.b[tabindex="0"]');
    if (current && current !== el) current.tabIndex = -1;
    el.tabIndex = 0;
  }
  function vertical(group, el, dir) {
    const top = el.offsetTop, left = el.offsetLeft;
    let best = null, bestDy = Infinity, bestDx = Infinity;
    for (const o of group) {
      const dy = (o.offsetTop - top) * dir;
      if (dy <= 0 || dy > bestDy) continue;
      const dx = Math.abs(o.offsetLeft - left);
      if (dy < bestDy || dx < bestDx) { best = o; bestDy = dy; bestDx = dx; }
    }
    return best;
  }
  overview.addEventListener("keydown", (ev) => {
    const el = ev.target;
    if (!index.has(el)) return;
    const group = Array.from(el.parentNode.querySelectorAll(".b[data-p]"));
    const k = group.indexOf(el);
    let next = null;
    switch (ev.key) {
      case "ArrowRight": next = group[k + 1]; break;
      case "ArrowLeft": next = group[k - 1]; break;
      case "ArrowDown": next = vertical(group, el, 1); break;
      case "ArrowUp": next = vertical(group, el, -1); break;
      case "Home": next = group[0]; break;
      case "End": next = group[group.length - 1]; break;
      case "Escape": tip.hidden = true; return;
      default: return;
    }
    ev.preventDefault();
    if (next) { rove(next); next.focus(); }
  });

  /* Details of one poster, in the side panel. */
  const details = document.getElementById("details");
  let selected = -1;
  function select(i, scroll) {
    if (selected >= 0) boards[selected].classList.remove("sel");
    selected = i;
    const el = boards[i];
    el.classList.add("sel");
    rove(el);
    renderDetails(i);
    if (scroll) {
      el.scrollIntoView({ block: "center", inline: "nearest" });
      el.focus({ preventScroll: true });
    }
  }
  function where(i) {
    const p = posters[i];
    return `${p[P.label]}, ${D.rooms[p[P.room]]}, ${D.sessions[p[P.session]][SESSION.name]}`;
  }
  function statusOf(p, i) {
    const out = [p[P.status]];
    const move = D.moves[i];
    if (p[P.reason] && !(move && move[MOVE.why] === p[P.reason])) out.push(`: ${p[P.reason]}`);
    if (move) {
      out.push(h("br"),
        `moved (${move[MOVE.kind]}) from ${move[MOVE.before]} to ${move[MOVE.after]}`,
        h("br"), `why: ${move[MOVE.why]}`);
    } else if (p[P.change] === "new") {
      out.push(h("br"), "new since the previous run");
    } else if (p[P.change] === "edited") {
      out.push(h("br"), "title or authors edited since the previous run");
    }
    return out;
  }
  const ruleName = (r) => E.rules[r][RULE.name];
  const ruleTags = (p) => p[P.rules].map((r) => h("span", { class: "tag rule" }, ruleName(r)));
  function renderDetails(i) {
    const p = posters[i];
    const clashList = clashesOf(i);
    const clashPeople = new Set(clashList.map((c) => c.person));
    const authors = h("ul", null, p[P.authors].map((k) => h("li", null,
      button(personName(k), () => chooseAuthor(k, true), "linkish"),
      k === p[P.presenter] ? h("span", { class: "tag" }, "presenting") : null,
      clashPeople.has(k) ? h("span", { class: "tag bad" }, "clash") : null)));
    const rows = [
      ["Board", `${p[P.label]}, ${D.rooms[p[P.room]]}`],
      ["Session", sessionText(p[P.session])],
      ["Topic", [h("span", { class: `sw t${p[P.topic]}`, "aria-hidden": "true" },
        String(p[P.topic] + 1)), ` ${p[P.topic] + 1}: ${topicLabel(p[P.topic])}`]],
      ["Authors", authors],
      ["Status", statusOf(p, i)],
    ];
    if (p[P.rules].length) rows.push(["Rule", ruleTags(p)]);
    if (clashList.length) {
      rows.push(["Clashes", h("ul", null, clashList.map((c) => h("li", { class: "warn" },
        `${c.who}${c.presenter ? " (presenter)" : ""} is also at `,
        c.other >= 0 ? button(where(c.other), () => select(c.other, true), "linkish")
          : "another poster",
        `: ${c.why}`)))]);
    }
    const edit = editRow(i);
    if (edit) rows.push(["Edit", edit]);
    const link = p[P.url]
      ? [" · ", h("a", { href: p[P.url], rel: "noopener noreferrer" }, "paper page")] : null;
    rows.push(["Paper", [p[P.id], link]]);
    fill(details, h("h2", { id: "details-h" }, "Poster"), h("h3", null, p[P.title]),
      h("dl", null, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
    root.dataset.poster = p[P.id];
  }
  overview.addEventListener("click", (ev) => {
    const el = ev.target.closest(".b[data-p]");
    if (el) select(index.get(el), false);
  });
  overview.addEventListener("focusin", (ev) => {
    const i = index.get(ev.target);
    if (i !== undefined && i !== selected) select(i, false);
  });

  /* Hover: a short summary beside the board. */
  const tip = document.getElementById("tip");
  function showTip(i, el) {
    if (dragging()) return;
    const p = posters[i];
    const names = p[P.authors].map(personName);
    const who = names.length > 4 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`
      : names.join(", ");
    const marks = [];
    if (clashesOf(i).length) marks.push("clash");
    if (p[P.change]) marks.push(p[P.change]);
    if (pinText(i)) marks.push(pinText(i));
    if (p[P.rules].length) marks.push(`rule: ${p[P.rules].map(ruleName).join(", ")}`);
    fill(tip,
      h("strong", null, `${p[P.label]} · topic ${p[P.topic] + 1}: ${topicLabel(p[P.topic])}`),
      p[P.title], h("br"), who, marks.length ? h("br") : null, marks.join(", "));
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const w = tip.offsetWidth, ht = tip.offsetHeight;
    const x = Math.max(4, Math.min(r.left, window.innerWidth - w - 4));
    const y = r.bottom + 8 + ht > window.innerHeight ? r.top - ht - 8 : r.bottom + 8;
    tip.style.left = `${x}px`;
    tip.style.top = `${Math.max(4, y)}px`;
  }
  overview.addEventListener("mouseover", (ev) => {
    const el = ev.target.closest(".b[data-p]");
    if (el) showTip(index.get(el), el); else tip.hidden = true;
  });
  overview.addEventListener("mouseleave", () => { tip.hidden = true; });
  window.addEventListener("scroll", () => { tip.hidden = true; }, { passive: true });

  /* The address keeps the search and the author, so a view can be linked. */
  function setHash(key, value) {
    const params = new URLSearchParams(location.hash.slice(1));
    if (value) params.set(key, value); else params.delete(key);
    const text = params.toString();
    try {
      history.replaceState(null, "", text ? `#${text}` : location.pathname + location.search);
    } catch (e) { /* some browsers refuse for file: pages; the view still works */ }
  }

  /* Search: every word must appear in the title, an author's name or the paper id;
     "topic:N" finds the posters of topic N (the legend's buttons set it). */
  const q = document.getElementById("q");
  const qCount = document.getElementById("q-count");
  const qList = document.getElementById("q-list");
  let hits = [];
  function search(text) {
    const t0 = performance.now();
    const terms = fold(text).split(/\s+/).filter(Boolean);
    const topic = terms.length === 1 && /^topic:\d+$/.test(terms[0]) ? +terms[0].slice(6) - 1 : -1;
    hits = [];
    for (let i = 0; i < posters.length; i++) {
      let ok = terms.length > 0;
      if (topic >= 0) ok = posters[i][P.topic] === topic;
      else for (let j = 0; ok && j < terms.length; j++) ok = hay[i].includes(terms[j]);
      if (ok) hits.push(i);
      if (boards[i].classList.contains("hit") !== ok) boards[i].classList.toggle("hit", ok);
    }
    overview.classList.toggle("searching", terms.length > 0);
    qCount.textContent = !terms.length ? ""
      : hits.length === 1 ? "1 poster matches" : `${hits.length} posters match`;
    const shown = hits.slice(0, 100).map((i) => {
      const p = posters[i];
      return h("li", null, button(
        `${p[P.label]} · ${D.sessions[p[P.session]][SESSION.name]}: ${p[P.title]}`,
        () => select(i, true)));
    });
    if (hits.length > 100) shown.push(h("li", { class: "hint" }, `and ${hits.length - 100} more`));
    fill(qList, ...shown);
    for (const b of legendButtons) {
      b.setAttribute("aria-pressed", String(topic >= 0 && +b.dataset.topic === topic + 1));
    }
    root.dataset.searchHits = String(hits.length);
    root.dataset.searchMs = (performance.now() - t0).toFixed(1);
  }
  const legendButtons = Array.from(document.querySelectorAll("#legend button[data-topic]"));
  for (const b of legendButtons) {
    b.addEventListener("click", () => {
      const value = b.getAttribute("aria-pressed") === "true" ? "" : `topic:${b.dataset.topic}`;
      q.value = value;
      search(value);
      setHash("search", value);
    });
  }
  let searchTimer = 0;
  q.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { search(q.value); setHash("search", q.value.trim()); }, 100);
  });
  q.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && hits.length) select(hits[0], true);
    if (ev.key === "Escape") { q.value = ""; search(""); setHash("search", ""); }
  });

  /* Shows a part of the side panel: the panel scrolls by itself when it is sticky. */
  const side = document.getElementById("side");
  function reveal(el) {
    if (side.scrollHeight > side.clientHeight + 1) {
      side.scrollTop += el.getBoundingClientRect().top - side.getBoundingClientRect().top;
    } else {
      el.scrollIntoView({ block: "nearest" });
    }
  }

  /* The author view: an author's posters with their times, rooms and boards. */
  const aq = document.getElementById("aq");
  const aList = document.getElementById("a-list");
  const aView = document.getElementById("a-view");
  function findAuthors(text) {
    const terms = fold(text).split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    const found = [];
    for (let k = 0; k < D.people.length; k++) {
      if (postersOf[k].length && terms.every((t) => peopleHay[k].includes(t))) found.push(k);
    }
    return found;
  }
  function suggest(text) {
    const found = findAuthors(text);
    const items = found.slice(0, 50).map((k) => {
      const person = D.people[k], n = postersOf[k].length;
      const where = person[PERSON.institutions] ? ` (${person[PERSON.institutions]})` : "";
      const text = `${person[PERSON.name]}${where}: ${n} poster${n === 1 ? "" : "s"}`;
      return h("li", null, button(text, () => chooseAuthor(k, false)));
    });
    if (found.length > 50) items.push(h("li", { class: "hint" }, `and ${found.length - 50} more`));
    fill(aList, ...items);
    return found;
  }
  let marked = [];
  function showAuthor(k, scroll) {
    for (const i of marked) boards[i].classList.remove("au");
    marked = postersOf[k];
    for (const i of marked) boards[i].classList.add("au");
    const person = D.people[k];
    const clashes = D.clashes.filter((c) => c[CLASH.person] === k);
    const clashed = new Set(clashes.flatMap((c) => [c[CLASH.poster], c[CLASH.other]]));
    const items = marked.map((i) => {
      const p = posters[i];
      return h("li", null,
        h("div", { class: "when" }, sessionText(p[P.session])),
        h("div", null, button(p[P.label], () => select(i, true), "linkish"),
          ` · ${D.rooms[p[P.room]]}`),
        h("div", null, p[P.title],
          p[P.presenter] === k ? h("span", { class: "tag" }, "presenting") : null,
          clashed.has(i) ? h("span", { class: "tag bad" }, "clash") : null));
    });
    const n = marked.length;
    fill(aView,
      h("h3", null, person[PERSON.name]),
      person[PERSON.institutions] ? h("p", { class: "hint" }, person[PERSON.institutions]) : null,
      h("p", null, `${n} poster${n === 1 ? "" : "s"}` + (clashes.length
        ? `, ${clashes.length} clash${clashes.length === 1 ? "" : "es"}` : "")),
      h("ol", { class: "posters" }, items));
    root.dataset.author = person[PERSON.key];
    root.dataset.authorPosters = String(n);
    if (scroll) reveal(document.getElementById("author"));
  }
  function chooseAuthor(k, scroll) {
    showAuthor(k, scroll);
    setHash("author", D.people[k][PERSON.key]);
  }
  let authorTimer = 0;
  aq.addEventListener("input", () => {
    clearTimeout(authorTimer);
    authorTimer = setTimeout(() => suggest(aq.value), 100);
  });
  aq.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    const found = suggest(aq.value);
    if (found.length) chooseAuthor(found[0], false);
  });

  function fromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.has("search")) { q.value = params.get("search"); search(q.value); }
    if (params.has("author")) {
      const value = params.get("author");
      if (keyIndex.has(value)) {
        showAuthor(keyIndex.get(value), true);
      } else {
        aq.value = value;
        const found = suggest(value);
        if (found.length === 1) showAuthor(found[0], true);
      }
    }
    if (params.has("poster") && byId.has(params.get("poster"))) {
      const i = byId.get(params.get("poster"));
      select(i, false);
      // Scrolled to once the page is laid out.
      requestAnimationFrame(() => boards[i].scrollIntoView({ block: "center" }));
    }
  }
  /* Editing: off until the chair turns it on.  A poster is dragged (mouse, pen or touch)
     or carried with the keyboard to a board (a poster there swaps with it), or onto a
     room's heading (any free board, the planner picks it).  Every target is judged before
     letting go: hard rules (a full or closed room, a [[place]] rule, a venue pin, an
     author away, a presenter due at two posters at once) refuse the move and say why;
     a new shared-author clash is allowed and named.  Edits are kept as pins in
     edits.toml (downloaded, to put in the plan folder); planner plan honours them.

     edit.cells[s][r] = a cell (boards, usable boards) or 0 (closed); edit.overlap[s] =
     sessions at overlapping times; edit.away = {person: [session...]}; edit.rules[k] = a
     placement rule (name, rooms or null, sessions or null, exclusive); edit.terms[i] = a
     poster's heaviest TF-IDF terms, one term record (term, weight x 1000) after another,
     flat, for the grouping estimate. */
  const E = D.edit;
  const editor = document.getElementById("editor");
  const eToggle = document.getElementById("e-toggle");
  const ePanel = document.getElementById("e-panel");
  const eMsg = document.getElementById("e-msg");
  const eUndo = document.getElementById("e-undo");
  const eSave = document.getElementById("e-save");
  const eHand = document.getElementById("e-hand");
  const eList = document.getElementById("e-list");
  const eCount = document.getElementById("e-count");
  const eToml = document.getElementById("e-toml");
  const dropBox = document.getElementById("drop");
  // Where each poster was planned, and whether it is somewhere else now.
  const origin = posters.map((p) =>
    ({ session: p[P.session], room: p[P.room], board: p[P.board] }));
  // A poster's place as [session, room, board], and moving it (its label aside).
  const placeOf = (i) => [posters[i][P.session], posters[i][P.room], posters[i][P.board]];
  function moveTo(i, s, r, n) {
    const p = posters[i];
    p[P.session] = s; p[P.room] = r; p[P.board] = n;
  }
  const movedHere = (i) => posters[i][P.session] !== origin[i].session
    || posters[i][P.room] !== origin[i].room || posters[i][P.board] !== origin[i].board;
  // "", venue, workbook, report, here (this page), released
  const pinOf = posters.map((p) => p[P.pinned]);
  const anyBoard = new Set(); // posters dropped on a room heading: the planner picks the board
  const undoStack = [];
  let editing = false;

  // A cell is 0 where the room is closed in that session.
  const boardsIn = (s, r) => (E.cells[s][r] ? E.cells[s][r][CELL.boards] : 0);
  const usableIn = (s, r) => (E.cells[s][r] ? E.cells[s][r][CELL.usable] : 0);
  const overlaps = E.overlap.map((list) => new Set(list));
  const ov = (a, b) => overlaps[a].has(b);
  const sessionName = (s) => D.sessions[s][SESSION.name];
  const roomName = (r) => D.rooms[r];
  const labelOf = (r, n) => (E.labels ? E.labels[r][n - 1] || String(n) : `${E.prefix[r]}${n}`);
  const titled = (i) => {
    const title = posters[i][P.title];
    return `“${title.length > 60 ? `${title.slice(0, 57)}…` : title}”`;
  };
  const at = (i) => {
    const p = posters[i];
    return `${p[P.label]}, ${roomName(p[P.room])}, ${sessionName(p[P.session])}`;
  };
  const groups = Array.from(overview.querySelectorAll(".boards[data-s]"));
  const groupOf = new Map(groups.map((g) => [`${g.dataset.s},${g.dataset.r}`, g]));
  const roomOf = new Map(Array.from(overview.querySelectorAll(".room[data-s]"))
    .map((el) => [`${el.dataset.s},${el.dataset.r}`, el]));

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

  /* Moving posters in the page: a poster's element trades places with the board it goes
     to (an empty board, or the poster it swaps with), so board elements and posters stay
     one to one and in the overview's order of boards. */
  function slotAt(s, r, n) {
    const group = groupOf.get(`${s},${r}`);
    if (!group) return null;
    for (const el of group.children) {
      const i = index.get(el);
      if ((i !== undefined ? posters[i][P.board] : +el.dataset.n) === n) return el;
    }
    return null;
  }
  function freeBoard(s, r) {
    const cell = E.cells[s][r];
    if (!cell) return null;
    const taken = new Set(boardsTaken(s, r));
    const boardCount = cell[CELL.boards], usable = cell[CELL.usable];
    for (let n = 1; n <= boardCount; n++) if (n <= usable && !taken.has(n)) return n;
    for (let n = 1; n <= boardCount; n++) if (!taken.has(n)) return n;
    return null;
  }
  function swapNodes(a, b) {
    const mark = document.createComment("");
    a.replaceWith(mark);
    b.replaceWith(a);
    mark.replaceWith(b);
  }
  function emptyBoard(el, s, r, n) {
    const spare = n > usableIn(s, r);
    el.className = `b ${spare ? "s" : "e"}`;
    el.dataset.n = String(n);
    el.title = `${labelOf(r, n)} · ${spare ? "spare, kept free" : "empty"}`;
  }
  function put(i, s, r, n) {
    // Moves poster i to board n of (s, r), swapping with what is there.
    const el = boards[i];
    const target = slotAt(s, r, n);
    const [s0, r0, n0] = placeOf(i);
    if (target && target !== el) {
      const j = index.get(target);
      swapNodes(el, target);
      if (j !== undefined) setPlace(j, s0, r0, n0);
      else emptyBoard(target, s0, r0, n0);
    }
    setPlace(i, s, r, n);
  }
  function setPlace(i, s, r, n) {
    moveTo(i, s, r, n);
    posters[i][P.label] = labelOf(r, n);
  }
  function fixTabStops() {
    for (const g of groups) {
      const els = Array.from(g.querySelectorAll(".b[data-p]"));
      const stops = els.filter((el) => el.tabIndex === 0);
      els.forEach((el) => { el.tabIndex = -1; });
      if (els.length) (stops[0] || els[0]).tabIndex = 0;
    }
  }

  /* A move as an undoable edit. */
  function movesFor(i, target) {
    if (!target) return null;
    const p = posters[i];
    if (target.kind === "poster") {
      const j = target.j;
      if (j === i) return null;
      const [s, r, n] = placeOf(j);
      return [{ i, s, r, n }, { i: j, s: p[P.session], r: p[P.room], n: p[P.board] }];
    }
    if (target.kind === "board") return [{ i, s: target.s, r: target.r, n: target.n }];
    if (target.kind === "room" || target.kind === "closed") {
      if (target.s === p[P.session] && target.r === p[P.room]) return null;
      const n = target.kind === "room" ? freeBoard(target.s, target.r) : null;
      return [{ i, s: target.s, r: target.r, n, any: true }];
    }
    return null;
  }
  function record(moves) {
    const step = {
      moves: moves.map((m) => ({ i: m.i, from: placeOf(m.i),
        any: anyBoard.has(m.i), pin: pinOf[m.i] })),
    };
    const first = moves[0];
    put(first.i, first.s, first.r, first.n);
    for (const m of moves) {
      if (m.any) anyBoard.add(m.i); else anyBoard.delete(m.i);
      if (pinOf[m.i] !== "venue") pinOf[m.i] = "here";
    }
    undoStack.push(step);
    return step;
  }
  function undo() {
    const step = undoStack.pop();
    if (!step) return;
    if (step.moves) {
      const first = step.moves[0];
      put(first.i, ...first.from);
      for (const m of step.moves) {
        if (m.any) anyBoard.add(m.i); else anyBoard.delete(m.i);
        pinOf[m.i] = m.pin;
      }
      say([["info", `Undone: ${titled(first.i)} is back at ${at(first.i)}.`]]);
    } else {
      pinOf[step.i] = step.pin;
      say([["info", `Undone: ${titled(step.i)} is ${pinText(step.i) || "not pinned"} again.`]]);
    }
    refresh(step.moves ? step.moves[0].i : step.i);
  }
  function togglePin(i) {
    const now = pinOf[i];
    const moved = movedHere(i);
    let next;
    if (now === "venue") {
      say([["no", `${titled(i)} is pinned by the venue file: change its [[pins]] entry there.`]]);
      return;
    }
    if (now === "here") {
      if (moved) {
        say([["no", `${titled(i)} was moved here, and a moved poster stays pinned: undo the ` +
          "move to let the planner place it."]]);
        return;
      }
      next = posters[i][P.pinned];
    } else if (now === "workbook" || now === "report") {
      next = "released";
    } else if (now === "released") {
      next = posters[i][P.pinned];
    } else {
      next = "here";
    }
    undoStack.push({ i, pin: now });
    pinOf[i] = next;
    say([["info", `${titled(i)}: ${pinText(i) || "not pinned (the planner places it)"}.`]]);
    refresh(i);
  }

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

  /* The edits as the file planner plan reads (TOML, documented in the README). */
  const tomlString = (v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
  const comment = (v) => String(v).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
  function editsToml() {
    const lines = [
      `# Hand edits to the ${comment(E.conference)} poster plan, made in report.html on ` +
        `revision ${E.revision}.`,
      "# Put this file in the plan folder, beside plan.json, and run planner plan again:",
      "# each poster below is pinned where it says (as a hand edit in plan.xlsx is), the",
      "# rest is re-planned around them, and the run reports what else had to move.",
      "# Sessions and rooms are ids; a pin without a board lets the planner choose it.",
      `format = "poster-planner edits"`,
      `revision = ${E.revision}`,
    ];
    const unpin = [], pins = [];
    for (const i of changedPosters()) {
      if (pinOf[i] === "released") unpin.push(i);
      else if (pinOf[i] !== "" && pinOf[i] !== posters[i][P.pinned] || movedHere(i)) pins.push(i);
    }
    if (unpin.length) {
      lines.push(`unpin = [${unpin.map((i) => tomlString(posters[i][P.id])).join(", ")}]`);
    }
    for (const i of pins) {
      const o = origin[i], p = posters[i];
      lines.push("", "[[pins]]", `paper = ${tomlString(p[P.id])}`,
        `session = ${tomlString(E.sessionIds[p[P.session]])}`,
        `room = ${tomlString(E.roomIds[p[P.room]])}`);
      if (!anyBoard.has(i)) lines.push(`board = ${tomlString(p[P.label])}`);
      const was = `${labelOf(o.room, o.board)}, ${roomName(o.room)}, ${sessionName(o.session)}`;
      lines.push(`# ${comment(p[P.title]).slice(0, 90)}`, `# was ${comment(was)}`);
    }
    return { text: `${lines.join("\n")}\n`, count: pins.length + unpin.length };
  }
  function showEdits(changed) {
    const items = Array.from(changed).map((i) => {
      const o = origin[i], p = posters[i];
      const what = movedHere(i) ? `moved from ${labelOf(o.room, o.board)}, ${roomName(o.room)}, ` +
        `${sessionName(o.session)} to ${anyBoard.has(i) ? "any board of " : `${p[P.label]}, `}` +
        `${roomName(p[P.room])}, ${sessionName(p[P.session])}` : pinText(i);
      return h("li", null, button(p[P.title], () => select(i, true), "linkish"), h("br"), what);
    });
    fill(eList, ...items);
    eCount.textContent = `(${items.length})`;
    const file = editsToml();
    eToml.textContent = file.text;
    eUndo.disabled = !undoStack.length;
    eSave.disabled = !file.count;
  }
  function save() {
    const file = editsToml();
    const url = URL.createObjectURL(new Blob([file.text], { type: "application/toml" }));
    const link = h("a", { href: url, download: "edits.toml", hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    saved = file.text;
    say([["info", `Saved ${file.count} edit${file.count === 1 ? "" : "s"} as edits.toml (your ` +
      "downloads folder): put it in the plan folder and run planner plan again."]]);
    root.dataset.saved = String(file.count);
  }
  let saved = "";

  /* Messages: the panel (a live region, read out after a keyboard move) and, while a
     poster is dragged, a box beside the pointer. */
  function say(lines) {
    fill(eMsg, lines.map(([kind, text]) => h("p", { class: `v-${kind}` }, text)));
    root.dataset.editMessage = eMsg.textContent;
  }
  function showVerdict(moves, v, el, x, y) {
    const lines = moves ? verdictLines(v) : [];
    const head = !moves ? "Drop here: nothing to change"
      : moves.length === 2 ? `Swap with ${titled(moves[1].i)}`
        : moves[0].n ? `Move to ${labelOf(moves[0].r, moves[0].n)}, ${roomName(moves[0].r)}, ` +
          `${sessionName(moves[0].s)}` : `Move to ${roomName(moves[0].r)}, ${sessionName(moves[0].s)}`;
    const kind = !moves ? "info" : v.refuse.length ? "no" : v.warn.length ? "warn" : "good";
    const all = [[kind, head], ...lines];
    if (moves && !v.refuse.length && !v.warn.length) all.push(["good", "No new clash."]);
    fill(dropBox, all.map(([k, t]) => h("p", { class: `v-${k}` }, t)));
    dropBox.hidden = false;
    const w = dropBox.offsetWidth, ht = dropBox.offsetHeight;
    const r = el ? el.getBoundingClientRect() : { left: x, right: x, top: y, bottom: y };
    dropBox.style.left = `${Math.max(4, Math.min(r.right + 12, window.innerWidth - w - 4))}px`;
    dropBox.style.top = `${Math.max(4, Math.min(r.bottom + 12, window.innerHeight - ht - 4))}px`;
    say(all);
    root.dataset.verdict = kind;
    return kind;
  }
  function hideVerdict() { dropBox.hidden = true; }
  function mark(el, kind) {
    for (const old of overview.querySelectorAll(".drop-no, .drop-warn, .drop-good, .drop-info")) {
      old.classList.remove("drop-no", "drop-warn", "drop-good", "drop-info");
    }
    if (el) el.classList.add(`drop-${kind}`);
  }
  function commit(i, moves) {
    const v = judge(moves);
    if (v.refuse.length) {
      say([["no", "Not moved."], ...verdictLines(v)]);
      root.dataset.verdict = "no";
      return false;
    }
    record(moves);
    const dest = anyBoard.has(i)
      ? `any board of ${roomName(posters[i][P.room])}, ${sessionName(posters[i][P.session])}`
      : at(i);
    const head = moves.length === 2 ? `Swapped ${titled(i)} and ${titled(moves[1].i)}.`
      : `Moved ${titled(i)} to ${dest}.`;
    say([[v.warn.length ? "warn" : "good", head], ...verdictLines(v)]);
    refresh(i);
    return true;
  }

  /* The target under a point: a poster, an empty board, a room, a closed room. */
  function targetOf(el) {
    if (!el || !overview.contains(el)) return null;
    const poster = el.closest(".b[data-p]");
    if (poster) return { kind: "poster", j: index.get(poster), el: poster };
    const board = el.closest(".b[data-n]");
    if (board) {
      const g = board.parentNode;
      return { kind: "board", s: +g.dataset.s, r: +g.dataset.r, n: +board.dataset.n, el: board };
    }
    const closed = el.closest("[data-closed]");
    if (closed) return { kind: "closed", s: +closed.dataset.s, r: +closed.dataset.closed, el: closed };
    const room = el.closest(".room[data-s]");
    if (room) return { kind: "room", s: +room.dataset.s, r: +room.dataset.r, el: room.querySelector("h4") };
    return null;
  }

  /* Dragging with the mouse, a pen or a finger (pointer events). */
  let drag = null;
  let swallowClick = false;
  function dragging() { return drag !== null && drag.started; }
  const ghost = h("div", { id: "ghost", hidden: "", "aria-hidden": "true" });
  document.body.append(ghost);
  overview.addEventListener("pointerdown", (ev) => {
    if (!editing || ev.button !== 0 || carrying >= 0) return;
    const el = ev.target.closest(".b[data-p]");
    if (!el) return;
    drag = { i: index.get(el), x: ev.clientX, y: ev.clientY, started: false, target: null };
  });
  document.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    if (!drag.started) {
      if (Math.hypot(ev.clientX - drag.x, ev.clientY - drag.y) < 5) return;
      drag.started = true;
      tip.hidden = true;
      boards[drag.i].classList.add("carry");
      root.classList.add("dragging");
      fill(ghost, `${posters[drag.i][P.topic] + 1}`);
      ghost.className = `b t${posters[drag.i][P.topic]}`;
      ghost.hidden = false;
    }
    ev.preventDefault();
    ghost.style.left = `${ev.clientX - 13}px`;
    ghost.style.top = `${ev.clientY - 13}px`;
    drag.lastY = ev.clientY;
    const target = targetOf(document.elementFromPoint(ev.clientX, ev.clientY));
    const same = target && drag.target && target.el === drag.target.el;
    if (same) return;
    drag.target = target;
    const moves = movesFor(drag.i, target);
    if (!target) { mark(null); hideVerdict(); return; }
    const kind = showVerdict(moves, moves ? judge(moves) : null, target.el, ev.clientX, ev.clientY);
    mark(target.el, kind);
  });
  function endDrag(ev, drop) {
    if (!drag) return;
    const d = drag;
    drag = null;
    if (!d.started) return;
    swallowClick = true;
    setTimeout(() => { swallowClick = false; }, 0);
    boards[d.i].classList.remove("carry");
    root.classList.remove("dragging");
    ghost.hidden = true;
    mark(null);
    hideVerdict();
    const moves = drop ? movesFor(d.i, d.target) : null;
    if (moves) commit(d.i, moves);
    else if (drop) say([["info", "Nothing moved."]]);
  }
  document.addEventListener("pointerup", (ev) => endDrag(ev, true));
  document.addEventListener("pointercancel", (ev) => endDrag(ev, false));
  overview.addEventListener("click", (ev) => {
    if (swallowClick) { ev.stopPropagation(); ev.preventDefault(); }
  }, true);
  // The page scrolls while a poster is held near the window's top or bottom edge.
  (function scroller() {
    if (dragging() && drag.lastY !== undefined) {
      const edge = 60;
      if (drag.lastY < edge) window.scrollBy(0, -12);
      else if (drag.lastY > window.innerHeight - edge) window.scrollBy(0, 12);
    }
    requestAnimationFrame(scroller);
  })();

  /* The keyboard: M picks a poster up, the arrows choose a board, Enter puts it down. */
  let carrying = -1, cursor = null;
  const slotsOf = (g) => Array.from(g.children).filter((el) => el.classList.contains("b"));
  function aim(el) {
    if (cursor) cursor.classList.remove("cursor");
    cursor = el;
    el.classList.add("cursor");
    if (!index.has(el)) el.tabIndex = -1;
    el.focus();
    const target = targetOf(el);
    const moves = movesFor(carrying, target);
    const kind = showVerdict(moves, moves ? judge(moves) : null, el);
    mark(el, kind);
  }
  function pickUp(i) {
    carrying = i;
    boards[i].classList.add("carry");
    aim(boards[i]);
    hideVerdict();
    say([["info", `Picked up ${titled(i)} (${at(i)}). Arrow keys choose a board, Enter puts it ` +
      "down, Escape cancels."]]);
  }
  function putDown(drop) {
    const i = carrying;
    const target = drop ? targetOf(cursor) : null;
    const moves = target ? movesFor(i, target) : null;
    if (drop && moves && !commit(i, moves)) return; // refused: still carried
    carrying = -1;
    boards[i].classList.remove("carry");
    if (cursor) cursor.classList.remove("cursor");
    cursor = null;
    mark(null);
    hideVerdict();
    if (!moves) say([["info", drop ? "Put back where it was." : "Cancelled: nothing moved."]]);
    rove(boards[i]);
    boards[i].focus();
  }
  function step(key) {
    const g = cursor.parentNode;
    const gi = groups.indexOf(g);
    const slots = slotsOf(g);
    const k = slots.indexOf(cursor);
    const sessionStart = (from, dir) => {
      const s = +groups[from].dataset.s;
      let x = from;
      while (groups[x + dir] && +groups[x + dir].dataset.s === s) x += dir;
      x += dir;
      if (!groups[x]) return -1;
      if (dir < 0) { const t = +groups[x].dataset.s; while (groups[x - 1] && +groups[x - 1].dataset.s === t) x--; }
      return x;
    };
    let other = -1;
    switch (key) {
      case "ArrowRight": return slots[k + 1] || null;
      case "ArrowLeft": return slots[k - 1] || null;
      case "Home": return slots[0];
      case "End": return slots[slots.length - 1];
      case "ArrowDown": other = gi + 1; break;
      case "ArrowUp": other = gi - 1; break;
      case "PageDown": other = sessionStart(gi, 1); break;
      case "PageUp": other = sessionStart(gi, -1); break;
      default: return null;
    }
    if (other < 0 || !groups[other]) return null;
    const next = slotsOf(groups[other]);
    return next[Math.min(k, next.length - 1)] || null;
  }
  overview.addEventListener("keydown", (ev) => {
    if (!editing) return;
    if (carrying >= 0) {
      if (ev.key === "Tab") { putDown(false); return; }
      if (ev.key === "Escape") putDown(false);
      else if (ev.key === "Enter" || ev.key === " ") putDown(true);
      else {
        const next = step(ev.key);
        if (!next && !/^(Arrow|Page|Home|End)/.test(ev.key)) return;
        if (next) aim(next);
      }
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }
    const i = index.get(ev.target);
    if (i === undefined || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "m" || ev.key === "M") pickUp(i);
    else if (ev.key === "p" || ev.key === "P") togglePin(i);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  }, true);
  document.addEventListener("keydown", (ev) => {
    if (editing && (ev.ctrlKey || ev.metaKey) && !ev.shiftKey && ev.key.toLowerCase() === "z"
      && !/^(INPUT|TEXTAREA)$/.test(ev.target.tagName)) {
      ev.preventDefault();
      undo();
    }
  });

  /* The details panel's edit row: pick up, pin or unpin, and what pins the poster. */
  function editRow(i) {
    if (!editing) return pinText(i) || null;
    const pinned = pinOf[i] !== "" && pinOf[i] !== "released";
    return [pinText(i) || "placed by the planner", h("br"),
      button("Pick up (M)", () => pickUp(i)), " ",
      pinOf[i] === "venue" ? null : button(pinned ? "Unpin (P)" : "Pin here (P)", () => togglePin(i))];
  }

  function setEditing(on) {
    if (!on && carrying >= 0) putDown(false);
    editing = on;
    root.classList.toggle("editing", on);
    ePanel.hidden = !on;
    eToggle.setAttribute("aria-pressed", String(on));
    eToggle.textContent = on ? "Turn editing off" : "Turn editing on";
    if (on && !base) base = similarity();
    if (selected >= 0) renderDetails(selected);
    root.dataset.editing = on ? "1" : "0";
  }
  eToggle.addEventListener("click", () => setEditing(!editing));
  eUndo.addEventListener("click", undo);
  eSave.addEventListener("click", save);
  eHand.addEventListener("click", () => {
    const on = eHand.getAttribute("aria-pressed") !== "true";
    eHand.setAttribute("aria-pressed", String(on));
    root.classList.toggle("handview", on);
  });
  window.addEventListener("beforeunload", (ev) => {
    if (editsToml().count && editsToml().text !== saved) ev.preventDefault();
  });
  editor.hidden = false; // without the script there is nothing to edit with
  window.addEventListener("hashchange", fromHash);
  fromHash();
  root.dataset.initMs = (performance.now() - started).toFixed(1);
  root.dataset.ready = "1";
})();

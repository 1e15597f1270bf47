/* report.html: poster details, search and the author view, rendered on demand from the
   plan data embedded in the page (script#plan-data).  No libraries, no network.

   posters[i] = [paper id, title, [person...], topic, session, room, board label, status,
                 reason, presenter person or -1, url, change ("", "new", "moved", "edited"),
                 [clash...]]; the i-th board element (.b[data-p]) is the i-th poster.
   people[k] = [name, institutions, key]; sessions[s] = [name, time]; rooms[r] = name;
   topics = {id: label}; moves = {i: [kind, before, after, why]};
   clashes[c] = [person, label, poster, poster, presenter (0/1), why].
   The address may hold #search=..., #author=... (a name or a person key) and #poster=<id>. */
(() => {
  "use strict";
  const started = performance.now();
  const D = JSON.parse(document.getElementById("plan-data").textContent);
  const P = D.posters;
  const root = document.documentElement;
  const overview = document.getElementById("overview");
  const boards = Array.from(overview.querySelectorAll(".b[data-p]"));
  if (boards.length !== P.length) console.error("report: boards and posters differ");
  const index = new Map(boards.map((el, i) => [el, i]));
  const byId = new Map(P.map((p, i) => [p[0], i]));
  const keyIndex = new Map(D.people.map((p, k) => [p[2], k]));
  const fold = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const personName = (k) => (k >= 0 && D.people[k] ? D.people[k][0] : "?");
  const topicLabel = (t) => (String(t) in D.topics ? D.topics[t] : `topic ${t + 1}`);
  const sessionText = (s) =>
    D.sessions[s][0] + (D.sessions[s][1] ? `, ${D.sessions[s][1]}` : "");
  const hay = P.map((p) => fold([p[1], p[0], ...p[2].map(personName)].join("\n")));
  const peopleHay = D.people.map((p) => fold(p[0]));
  const postersOf = D.people.map(() => []);
  P.forEach((p, i) => p[2].forEach((k) => {
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
    const p = P[i];
    return `${p[6]}, ${D.rooms[p[5]]}, ${D.sessions[p[4]][0]}`;
  }
  function statusOf(p, i) {
    const out = [p[7]];
    const move = D.moves[i];
    if (p[8] && !(move && move[3] === p[8])) out.push(`: ${p[8]}`);
    if (move) {
      out.push(h("br"), `moved (${move[0]}) from ${move[1]} to ${move[2]}`, h("br"),
        `why: ${move[3]}`);
    } else if (p[11] === "new") {
      out.push(h("br"), "new since the previous run");
    } else if (p[11] === "edited") {
      out.push(h("br"), "title or authors edited since the previous run");
    }
    return out;
  }
  function renderDetails(i) {
    const p = P[i];
    const clashPeople = new Set(p[12].map((c) => D.clashes[c][0]));
    const authors = h("ul", null, p[2].map((k) => h("li", null,
      button(personName(k), () => chooseAuthor(k, true), "linkish"),
      k === p[9] ? h("span", { class: "tag" }, "presenting") : null,
      clashPeople.has(k) ? h("span", { class: "tag bad" }, "clash") : null)));
    const rows = [
      ["Board", `${p[6]}, ${D.rooms[p[5]]}`],
      ["Session", sessionText(p[4])],
      ["Topic", [h("span", { class: `sw t${p[3]}`, "aria-hidden": "true" }, String(p[3] + 1)),
        ` ${p[3] + 1}: ${topicLabel(p[3])}`]],
      ["Authors", authors],
      ["Status", statusOf(p, i)],
    ];
    if (p[12].length) {
      rows.push(["Clashes", h("ul", null, p[12].map((c) => {
        const clash = D.clashes[c];
        const other = clash[2] === i ? clash[3] : clash[2];
        const who = `${clash[1]}${clash[4] ? " (presenter)" : ""}`;
        return h("li", { class: "warn" }, `${who} is also at `,
          other >= 0 ? button(where(other), () => select(other, true), "linkish")
            : "another poster",
          `: ${clash[5]}`);
      }))]);
    }
    const link = p[10] ? [" · ", h("a", { href: p[10], rel: "noopener noreferrer" }, "paper page")]
      : null;
    rows.push(["Paper", [p[0], link]]);
    fill(details, h("h2", { id: "details-h" }, "Poster"), h("h3", null, p[1]),
      h("dl", null, rows.map(([k, v]) => [h("dt", null, k), h("dd", null, v)])));
    root.dataset.poster = p[0];
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
    const p = P[i];
    const names = p[2].map(personName);
    const who = names.length > 4 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`
      : names.join(", ");
    const marks = [];
    if (p[12].length) marks.push("clash");
    if (p[11]) marks.push(p[11]);
    if (p[7] === "pinned") marks.push("pinned");
    fill(tip, h("strong", null, `${p[6]} · topic ${p[3] + 1}: ${topicLabel(p[3])}`),
      p[1], h("br"), who, marks.length ? h("br") : null, marks.join(", "));
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
    for (let i = 0; i < P.length; i++) {
      let ok = terms.length > 0;
      if (topic >= 0) ok = P[i][3] === topic;
      else for (let j = 0; ok && j < terms.length; j++) ok = hay[i].includes(terms[j]);
      if (ok) hits.push(i);
      if (boards[i].classList.contains("hit") !== ok) boards[i].classList.toggle("hit", ok);
    }
    overview.classList.toggle("searching", terms.length > 0);
    qCount.textContent = !terms.length ? ""
      : hits.length === 1 ? "1 poster matches" : `${hits.length} posters match`;
    const shown = hits.slice(0, 100).map((i) => h("li", null,
      button(`${P[i][6]} · ${D.sessions[P[i][4]][0]}: ${P[i][1]}`, () => select(i, true))));
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
    const items = found.slice(0, 50).map((k) => h("li", null, button(
      `${D.people[k][0]}${D.people[k][1] ? ` (${D.people[k][1]})` : ""}: ` +
      `${postersOf[k].length} poster${postersOf[k].length === 1 ? "" : "s"}`,
      () => chooseAuthor(k, false))));
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
    const clashes = D.clashes.filter((c) => c[0] === k);
    const clashed = new Set(clashes.flatMap((c) => [c[2], c[3]]));
    const items = marked.map((i) => {
      const p = P[i];
      return h("li", null,
        h("div", { class: "when" }, sessionText(p[4])),
        h("div", null, button(p[6], () => select(i, true), "linkish"), ` · ${D.rooms[p[5]]}`),
        h("div", null, p[1], p[9] === k ? h("span", { class: "tag" }, "presenting") : null,
          clashed.has(i) ? h("span", { class: "tag bad" }, "clash") : null));
    });
    const n = marked.length;
    fill(aView,
      h("h3", null, person[0]),
      person[1] ? h("p", { class: "hint" }, person[1]) : null,
      h("p", null, `${n} poster${n === 1 ? "" : "s"}` + (clashes.length
        ? `, ${clashes.length} clash${clashes.length === 1 ? "" : "es"}` : "")),
      h("ol", { class: "posters" }, items));
    root.dataset.author = person[2];
    root.dataset.authorPosters = String(n);
    if (scroll) reveal(document.getElementById("author"));
  }
  function chooseAuthor(k, scroll) {
    showAuthor(k, scroll);
    setHash("author", D.people[k][2]);
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
  window.addEventListener("hashchange", fromHash);
  fromHash();
  root.dataset.initMs = (performance.now() - started).toFixed(1);
  root.dataset.ready = "1";
})();

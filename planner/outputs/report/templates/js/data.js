/* report.html: poster details, search and the author view, rendered on demand from the
   plan data embedded in the page (script#plan-data).  No libraries, no network.

   The data's records are lists, kept short for a plan of thousands of posters; each kind's
   field names come once, in D.fields (planner/outputs/report/fields.py names them), and the script
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

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

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

  /* The keyboard, for posters and talks alike (of a kit, drag.js): M picks one up, the
     arrows choose a place (kit.step), Enter puts it down, Escape cancels; P pins or unpins.
     Gives the carrier: what it holds (-1: nothing), pickUp(i) and putDown(drop). */
  function carryWith(kit) {
    const c = { held: -1, cursor: null };
    c.aim = (el) => {
      if (c.cursor) c.cursor.classList.remove("cursor");
      c.cursor = el;
      el.classList.add("cursor");
      if (!kit.index.has(el)) el.tabIndex = -1;
      el.focus();
      weigh(kit, kit.move(c.held, kit.at(el)), el);
    };
    c.pickUp = (i) => {
      kit.putDownOthers();
      c.held = i;
      kit.els[i].classList.add("carry");
      c.aim(kit.els[i]);
      hideVerdict();
      say([["info", `Picked up ${kit.name(i)} (${kit.where(i)}). Arrow keys choose ` +
        `${kit.places}, Enter puts it down, Escape cancels.`]]);
    };
    c.putDown = (drop) => {
      const i = c.held;
      const move = drop && c.cursor ? kit.move(i, kit.at(c.cursor)) : null;
      if (drop && move && !kit.commit(i, move)) return; // refused: still carried
      c.held = -1;
      kit.els[i].classList.remove("carry");
      if (c.cursor) c.cursor.classList.remove("cursor");
      c.cursor = null;
      mark(null);
      hideVerdict();
      if (!move) say([["info", drop ? "Put back where it was." : "Cancelled: nothing moved."]]);
      kit.rove(kit.els[i]);
      kit.els[i].focus();
    };
    overview.addEventListener("keydown", (ev) => keyFor(kit, c, ev), true);
    return c;
  }
  function keyFor(kit, c, ev) {
    if (!editing) return;
    if (c.held >= 0) {
      if (ev.key === "Tab") { c.putDown(false); return; }
      if (ev.key === "Escape") c.putDown(false);
      else if (ev.key === "Enter" || ev.key === " ") c.putDown(true);
      else {
        const next = kit.step(ev.key, c.cursor);
        if (!next && !/^(Arrow|Page|Home|End)/.test(ev.key)) return;
        if (next) c.aim(next);
      }
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }
    const i = kit.index.get(ev.target);
    if (i === undefined || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "m" || ev.key === "M") c.pickUp(i);
    else if (ev.key === "p" || ev.key === "P") kit.pin(i);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  }
  const posterCarry = carryWith(posterKit);
  const slotsOf = (g) => Array.from(g.children).filter((el) => el.classList.contains("b"));
  // The board the arrow key (or Home, End, PgUp, PgDn) leads to from the cursor.
  function step(key, cursor) {
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
  document.addEventListener("keydown", (ev) => {
    if (editing && (ev.ctrlKey || ev.metaKey) && !ev.shiftKey && ev.key.toLowerCase() === "z"
      && !/^(INPUT|TEXTAREA)$/.test(ev.target.tagName)) {
      ev.preventDefault();
      undo();
    }
  });

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

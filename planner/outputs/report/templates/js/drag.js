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

  /* Messages: the panel (a live region, read out after a keyboard move) and, while a
     poster or a talk is dragged, a box beside the pointer. */
  function say(lines) {
    fill(eMsg, lines.map(([kind, text]) => h("p", { class: `v-${kind}` }, text)));
    root.dataset.editMessage = eMsg.textContent;
  }
  /* The verdict v on a move held over el (or the point x, y), under the head given; without
     a move (v null), that dropping there changes nothing.  Shown in the box beside it and
     read out; gives its kind (no, warn, good or info). */
  function showVerdict(v, head, el, x, y) {
    const kind = !v ? "info" : v.refuse.length ? "no" : v.warn.length ? "warn" : "good";
    const all = [[kind, v ? head : "Drop here: nothing to change"], ...(v ? verdictLines(v) : [])];
    if (v && !v.refuse.length && !v.warn.length) all.push(["good", "No new clash."]);
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
  // A poster's or a talk's move (of its kit, null: none) held over el: judged, shown, marked.
  function weigh(kit, move, el, x, y) {
    const v = move ? kit.judge(move) : null;
    mark(el, showVerdict(v, v && kit.head(move, v), el, x, y));
  }
  // The box's head for a poster's move: a swap, or a move to a board or a room.
  function posterHead(moves) {
    const m = moves[0];
    return moves.length === 2 ? `Swap with ${titled(moves[1].i)}`
      : m.n ? `Move to ${labelOf(m.r, m.n)}, ${roomName(m.r)}, ${sessionName(m.s)}`
        : `Move to ${roomName(m.r)}, ${sessionName(m.s)}`;
  }
  function hideVerdict() { dropBox.hidden = true; }
  function mark(el, kind) {
    for (const old of overview.querySelectorAll(".drop-no, .drop-warn, .drop-good, .drop-info")) {
      old.classList.remove("drop-no", "drop-warn", "drop-good", "drop-info");
    }
    if (el) el.classList.add(`drop-${kind}`);
  }
  // A move the verdict v refuses: said so, with the reasons.
  function refused(v) {
    if (!v.refuse.length) return false;
    say([["no", "Not moved."], ...verdictLines(v)]);
    root.dataset.verdict = "no";
    return true;
  }
  function commit(i, moves) {
    const v = judge(moves);
    if (refused(v)) return false;
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

  /* What dragging (dragWith) and the keyboard (carryWith, keyboard.js) need of posters: a
     kit; talk_carry.js gives the same of talks.  els and index: the elements, and which is
     which; grab: what a drag starts on; busy: no drag starts (one is carried); under(el) and
     at(el): the target under a point and at the keyboard's cursor; move(i, target): the
     move onto it (null: none); judge and head(move, v): its verdict and the box's head;
     commit(i, move); putDownOthers; step(key, cursor): the keyboard's next place; rove,
     pin, and name, where and places for the message on picking one up. */
  const posterKit = {
    els: boards, index, grab: ".b[data-p]", topic: (i) => posters[i][P.topic],
    busy: () => posterCarry.held >= 0, under: targetOf, at: targetOf, move: movesFor,
    judge: (moves) => judge(moves), head: posterHead, commit, putDownOthers: () => {},
    step, rove, pin: (i) => togglePin(i), name: titled, where: at, places: "a board",
  };

  /* Dragging a poster or a talk (of a kit) with the mouse, a pen or a finger (pointer
     events); gives whether one of that kit is being dragged. */
  let swallowClick = false;
  const ghost = h("div", { id: "ghost", hidden: "", "aria-hidden": "true" });
  document.body.append(ghost);
  function dragWith(kit) {
    let drag = null;
    const dragging = () => drag !== null && drag.started;
    overview.addEventListener("pointerdown", (ev) => {
      if (!editing || ev.button !== 0 || kit.busy()) return;
      const el = ev.target.closest(kit.grab);
      if (!el) return;
      drag = { i: kit.index.get(el), x: ev.clientX, y: ev.clientY, started: false, target: null };
    });
    document.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      if (!drag.started) {
        if (Math.hypot(ev.clientX - drag.x, ev.clientY - drag.y) < 5) return;
        startDrag(kit, drag.i);
        drag.started = true;
      }
      ev.preventDefault();
      ghost.style.left = `${ev.clientX - 13}px`;
      ghost.style.top = `${ev.clientY - 13}px`;
      drag.lastY = ev.clientY;
      const target = kit.under(document.elementFromPoint(ev.clientX, ev.clientY));
      if (target && drag.target && target.el === drag.target.el) return;
      drag.target = target;
      if (!target) { mark(null); hideVerdict(); return; }
      weigh(kit, kit.move(drag.i, target), target.el, ev.clientX, ev.clientY);
    });
    function endDrag(drop) {
      if (!drag) return;
      const d = drag;
      drag = null;
      if (!d.started) return;
      swallowClick = true;
      setTimeout(() => { swallowClick = false; }, 0);
      kit.els[d.i].classList.remove("carry");
      root.classList.remove("dragging");
      ghost.hidden = true;
      mark(null);
      hideVerdict();
      const move = drop ? kit.move(d.i, d.target) : null;
      if (move) kit.commit(d.i, move);
      else if (drop) say([["info", "Nothing moved."]]);
    }
    document.addEventListener("pointerup", () => endDrag(true));
    document.addEventListener("pointercancel", () => endDrag(false));
    // The page scrolls while one is held near the window's top or bottom edge.
    (function scroller() {
      if (dragging() && drag.lastY !== undefined) {
        const edge = 60;
        if (drag.lastY < edge) window.scrollBy(0, -12);
        else if (drag.lastY > window.innerHeight - edge) window.scrollBy(0, 12);
      }
      requestAnimationFrame(scroller);
    })();
    return dragging;
  }
  function startDrag(kit, i) {
    tip.hidden = true;
    kit.els[i].classList.add("carry");
    root.classList.add("dragging");
    fill(ghost, `${kit.topic(i) + 1}`);
    ghost.className = `b t${kit.topic(i)}`;
    ghost.hidden = false;
  }
  const dragging = dragWith(posterKit);
  overview.addEventListener("click", (ev) => {
    if (swallowClick) { ev.stopPropagation(); ev.preventDefault(); }
  }, true);

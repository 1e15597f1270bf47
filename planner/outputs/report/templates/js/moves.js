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

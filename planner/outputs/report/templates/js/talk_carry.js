  /* Dragging a talk with the mouse, a pen or a finger (pointer events), as a poster. */
  let tdrag = null;
  function talkDragging() { return tdrag !== null && tdrag.started; }
  overview.addEventListener("pointerdown", (ev) => {
    if (!editing || ev.button !== 0 || carrying >= 0 || carryingTalk >= 0) return;
    const el = ev.target.closest(".tk[data-t]");
    if (el) tdrag = { n: talkIndex.get(el), x: ev.clientX, y: ev.clientY, started: false };
  });
  function startTalkDrag() {
    const t = talks[tdrag.n];
    tdrag.started = true;
    tip.hidden = true;
    talkEls[tdrag.n].classList.add("carry");
    root.classList.add("dragging");
    fill(ghost, `${t[TALK.topic] + 1}`);
    ghost.className = `b t${t[TALK.topic]}`;
    ghost.hidden = false;
  }
  document.addEventListener("pointermove", (ev) => {
    if (!tdrag) return;
    if (!tdrag.started) {
      if (Math.hypot(ev.clientX - tdrag.x, ev.clientY - tdrag.y) < 5) return;
      startTalkDrag();
    }
    ev.preventDefault();
    ghost.style.left = `${ev.clientX - 13}px`;
    ghost.style.top = `${ev.clientY - 13}px`;
    tdrag.lastY = ev.clientY;
    const target = talkTarget(document.elementFromPoint(ev.clientX, ev.clientY));
    if (target && tdrag.target && target.el === tdrag.target.el) return;
    tdrag.target = target;
    if (!target) { mark(null); hideVerdict(); return; }
    const mv = talkMove(tdrag.n, target);
    mark(target.el, showTalkVerdict(mv, mv ? judgeTalk(mv) : null, target.el, ev.clientX,
      ev.clientY));
  });
  function endTalkDrag(drop) {
    if (!tdrag) return;
    const d = tdrag;
    tdrag = null;
    if (!d.started) return;
    swallowClick = true;
    setTimeout(() => { swallowClick = false; }, 0);
    talkEls[d.n].classList.remove("carry");
    root.classList.remove("dragging");
    ghost.hidden = true;
    mark(null);
    hideVerdict();
    const mv = drop ? talkMove(d.n, d.target) : null;
    if (mv) commitTalk(mv);
    else if (drop) say([["info", "Nothing moved."]]);
  }
  document.addEventListener("pointerup", () => endTalkDrag(true));
  document.addEventListener("pointercancel", () => endTalkDrag(false));
  // A poster's tip would show under a talk being dragged over the boards: keep it hidden.
  overview.addEventListener("mouseover", () => { if (talkDragging()) tip.hidden = true; });
  // The page scrolls while a talk is held near the window's top or bottom edge.
  (function scroller() {
    if (talkDragging() && tdrag.lastY !== undefined) {
      if (tdrag.lastY < 60) window.scrollBy(0, -12);
      else if (tdrag.lastY > window.innerHeight - 60) window.scrollBy(0, 12);
    }
    requestAnimationFrame(scroller);
  })();

  /* The keyboard: M picks a talk up; the arrows choose a place (← → along the lane, its
     end last; ↑ ↓ the lane before or after; PgUp PgDn the talk session before or after);
     Enter puts it down, Escape cancels; P pins or unpins. */
  let carryingTalk = -1, tcursor = null;
  const placesOf = (track) => [...laneTalks(track).map((m) => talkEls[m]), track];
  const cursorTarget = (el) => (talkIndex.has(el) ? { m: talkIndex.get(el), el }
    : { track: el, before: laneTalks(el), el });
  function aimTalk(el) {
    if (tcursor) tcursor.classList.remove("cursor");
    tcursor = el;
    el.classList.add("cursor");
    if (!talkIndex.has(el)) el.tabIndex = -1;
    el.focus();
    const mv = talkMove(carryingTalk, cursorTarget(el));
    mark(el, showTalkVerdict(mv, mv ? judgeTalk(mv) : null, el));
  }
  function pickUpTalk(n) {
    if (carrying >= 0) putDown(false);
    carryingTalk = n;
    talkEls[n].classList.add("carry");
    aimTalk(talkEls[n]);
    hideVerdict();
    say([["info", `Picked up ${talkTitled(n)} (${talkWhere(n)}). Arrow keys choose a place, ` +
      "Enter puts it down, Escape cancels."]]);
  }
  function putDownTalk(drop) {
    const n = carryingTalk;
    const mv = drop && tcursor ? talkMove(n, cursorTarget(tcursor)) : null;
    if (drop && mv && !commitTalk(mv)) return; // refused: still carried
    carryingTalk = -1;
    talkEls[n].classList.remove("carry");
    if (tcursor) tcursor.classList.remove("cursor");
    tcursor = null;
    mark(null);
    hideVerdict();
    if (!mv) say([["info", drop ? "Put back where it was." : "Cancelled: nothing moved."]]);
    roveTalk(talkEls[n]);
    talkEls[n].focus();
  }
  // The lane dir lanes on (1 or -1), or the first lane of the next talk session that way.
  function laneFrom(at, dir, nextSession) {
    let x = at + dir;
    if (!nextSession) return tracks[x];
    while (tracks[x] && tracks[x].dataset.ts === tracks[at].dataset.ts) x += dir;
    while (dir < 0 && tracks[x - 1] && tracks[x - 1].dataset.ts === tracks[x].dataset.ts) x--;
    return tracks[x];
  }
  function stepTalk(key) {
    const track = talkIndex.has(tcursor) ? tcursor.parentNode : tcursor;
    const places = placesOf(track), k = places.indexOf(tcursor);
    const lanes = { ArrowDown: [1, false], ArrowUp: [-1, false], PageDown: [1, true],
      PageUp: [-1, true] };
    if (key in lanes) {
      const next = laneFrom(tracks.indexOf(track), ...lanes[key]);
      if (!next) return null;
      const there = placesOf(next);
      return there[Math.min(k, there.length - 1)];
    }
    return { ArrowRight: places[k + 1], ArrowLeft: places[k - 1], Home: places[0],
      End: places[places.length - 1] }[key] || null;
  }
  overview.addEventListener("keydown", (ev) => {
    if (!editing) return;
    if (carryingTalk >= 0) {
      if (ev.key === "Tab") { putDownTalk(false); return; }
      if (ev.key === "Escape") putDownTalk(false);
      else if (ev.key === "Enter" || ev.key === " ") putDownTalk(true);
      else {
        const next = stepTalk(ev.key);
        if (!next && !/^(Arrow|Page|Home|End)/.test(ev.key)) return;
        if (next) aimTalk(next);
      }
      ev.preventDefault();
      ev.stopPropagation();
      return;
    }
    const n = talkIndex.get(ev.target);
    if (n === undefined || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "m" || ev.key === "M") pickUpTalk(n);
    else if (ev.key === "p" || ev.key === "P") toggleTalkPin(n);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  }, true);

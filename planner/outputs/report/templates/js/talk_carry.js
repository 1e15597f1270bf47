  /* Dragging a talk with the mouse, a pen or a finger, and carrying it with the keyboard,
     as a poster (drag.js, keyboard.js): M picks a talk up; the arrows choose a place (← →
     along the lane, its end last; ↑ ↓ the lane before or after; PgUp PgDn the talk session
     before or after); Enter puts it down, Escape cancels; P pins or unpins.  What those
     need of talks: */
  const placesOf = (track) => [...laneTalks(track).map((m) => talkEls[m]), track];
  const cursorTarget = (el) => (talkIndex.has(el) ? { m: talkIndex.get(el), el }
    : { track: el, before: laneTalks(el), el });
  const talkKit = {
    els: talkEls, index: talkIndex, grab: ".tk[data-t]", topic: (n) => talks[n][TALK.topic],
    busy: () => posterCarry.held >= 0 || talkCarry.held >= 0, under: talkTarget,
    at: cursorTarget, move: talkMove, judge: judgeTalk, head: talkHead,
    commit: (n, mv) => commitTalk(mv),
    putDownOthers: () => { if (posterCarry.held >= 0) posterCarry.putDown(false); },
    step: stepTalk, rove: roveTalk, pin: toggleTalkPin, name: talkTitled, where: talkWhere,
    places: "a place",
  };
  const talkDragging = dragWith(talkKit);
  // A poster's tip would show under a talk being dragged over the boards: keep it hidden.
  overview.addEventListener("mouseover", () => { if (talkDragging()) tip.hidden = true; });
  const talkCarry = carryWith(talkKit);
  // The lane dir lanes on (1 or -1), or the first lane of the next talk session that way.
  function laneFrom(at, dir, nextSession) {
    let x = at + dir;
    if (!nextSession) return tracks[x];
    while (tracks[x] && tracks[x].dataset.ts === tracks[at].dataset.ts) x += dir;
    while (dir < 0 && tracks[x - 1] && tracks[x - 1].dataset.ts === tracks[x].dataset.ts) x--;
    return tracks[x];
  }
  // The place the arrow key (or Home, End, PgUp, PgDn) leads to from the cursor.
  function stepTalk(key, tcursor) {
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

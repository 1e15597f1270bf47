  /* Moving talks in the page: the verdict's head while held, a move as an undoable edit,
     pinning, the talks in edits.toml, the place a talk is dropped on.  The poster parts'
     undo, togglePin, editsToml and setEditing are wrapped, so one Undo, one file and one
     switch cover both. */
  // The box's head while a talk's move is held over a place (v: its verdict).
  function talkHead(mv, v) {
    return `Move to ${talkPlace(mv.s, mv.r, mv.k)}, ${clock(v.span[0])}–${clock(v.span[1])}`;
  }
  function commitTalk(mv) {
    const v = judgeTalk(mv);
    if (refused(v)) return false;
    const n = mv.n, t = talks[n];
    undoStack.push({ talk: n, pin: talkPin[n], poster: -1,
      from: [t[TALK.session], t[TALK.room], t[TALK.position]] });
    placeTalk(n, mv.s, mv.r, mv.k);
    talkPin[n] = "here";
    say([[v.warn.length ? "warn" : "good", `Moved ${talkTitled(n)} to ` +
      `${talkPlace(mv.s, mv.r, mv.k)}, ${t[TALK.start]}–${t[TALK.end]}.`], ...verdictLines(v)]);
    refresh();
    return true;
  }
  const undoPosters = undo;
  undo = () => {
    const step = undoStack[undoStack.length - 1];
    if (!step) return;
    if (step.talk === undefined) {
      if (step.talkToo) talkPin[step.talkToo.n] = step.talkToo.pin;
      undoPosters();
      return;
    }
    undoStack.pop();
    const n = step.talk;
    if (step.from) placeTalk(n, ...step.from);
    talkPin[n] = step.pin;
    if (step.poster >= 0) pinOf[step.poster] = step.posterPin;
    say([["info", step.from ? `Undone: ${talkTitled(n)} is back at ${talkPlace(...step.from)}.`
      : `Undone: ${talkTitled(n)} is ${pinWords(talkPin[n]) || "not pinned"} again.`]]);
    refresh();
  };
  /* Pins a talk where it stands, or unpins it.  edits.toml's unpin names papers, so a
     paper's poster and talk are unpinned (and pinned again) together. */
  function toggleTalkPin(n) {
    const now = talkPin[n], i = talks[n][TALK.poster];
    if (now === "venue") {
      say([["no", `${talkTitled(n)} is pinned by the venue file: change its [[pins]] entry ` +
        "there."]]);
      return;
    }
    if (now === "here" && talkMoved(n)) {
      say([["no", `${talkTitled(n)} was moved here, and a moved talk stays pinned: undo the ` +
        "move to let the planner place it."]]);
      return;
    }
    const next = now === "here" || now === "released" ? talks[n][TALK.pinned]
      : now === "workbook" || now === "report" ? "released" : "here";
    const step = { talk: n, pin: now, poster: -1 };
    if (i >= 0 && (next === "released" || now === "released")) {
      if (pinOf[i] === "here") {
        say([["no", `${talkTitled(n)}: its poster ${titled(i)} was moved or pinned in this ` +
          "page, and edits.toml unpins a paper's poster and talk together: undo the poster's " +
          "edit first."]]);
        return;
      }
      const linked = next === "released" ? ["workbook", "report"].includes(pinOf[i])
        : pinOf[i] === "released";
      if (linked) {
        Object.assign(step, { poster: i, posterPin: pinOf[i] });
        pinOf[i] = next === "released" ? "released" : posters[i][P.pinned];
      }
    }
    undoStack.push(step);
    talkPin[n] = next;
    say([["info", `${talkTitled(n)}: ${pinWords(next) || "not pinned (the planner places it)"}` +
      (step.poster >= 0 ? `, and its poster ${titled(i)} too (edits.toml unpins a paper's ` +
        "poster and talk together)." : ".")]]);
    refresh();
  }
  const togglePosterPin = togglePin;
  togglePin = (i) => {
    const n = talkOfPoster.get(i), now = pinOf[i];
    const releasing = now === "workbook" || now === "report", restoring = now === "released";
    if (n === undefined || !(releasing || restoring)) { togglePosterPin(i); return; }
    if (talkPin[n] === "here") {
      say([["no", `${titled(i)}: its talk ${talkTitled(n)} was moved or pinned in this page, ` +
        "and edits.toml unpins a paper's poster and talk together: undo the talk's edit first."]]);
      return;
    }
    const depth = undoStack.length;
    togglePosterPin(i);
    const linked = releasing ? ["workbook", "report"].includes(talkPin[n])
      : talkPin[n] === "released";
    if (undoStack.length === depth || !linked) return;
    undoStack[undoStack.length - 1].talkToo = { n, pin: talkPin[n] };
    talkPin[n] = releasing ? "released" : talks[n][TALK.pinned];
    refresh();
  };
  /* edits.toml: a [[pins]] entry per talk moved or pinned here (its talk session, room and
     place in the running order), after the posters'; unpinned talks join unpin. */
  const posterEdits = editsToml;
  editsToml = () => {
    const file = posterEdits();
    const changed = changedTalks();
    const pins = changed.filter((n) => !["", "released", "venue"].includes(talkPin[n]));
    const released = changed.filter((n) => talkPin[n] === "released").map((n) => talks[n][TALK.id]);
    if (!pins.length && !released.length) return file;
    // The poster parts' header, worded for talks too.
    const lines = file.text.slice(0, -1)
      .replace("# each poster below", "# each poster and talk below")
      .replace("lets the planner choose it.", "lets the planner choose it;\n# a talk's " +
        "position is its place in the room's running order (1: the first talk).")
      .split("\n");
    const posterUnpins = changedPosters().filter((i) => pinOf[i] === "released")
      .map((i) => posters[i][P.id]);
    const ids = [...new Set([...posterUnpins, ...released])];
    const at = lines.findIndex((line) => line.startsWith("unpin = ["));
    const unpin = `unpin = [${ids.map((id) => tomlString(id)).join(", ")}]`;
    const after = lines.findIndex((line) => line.startsWith("revision = ")) + 1;
    if (at >= 0) lines[at] = unpin;
    else if (ids.length) lines.splice(after, 0, unpin);
    for (const n of pins) {
      const t = talks[n], o = talkOrigin[n];
      lines.push("", "[[pins]]", `paper = ${tomlString(t[TALK.id])}`,
        `session = ${tomlString(TE.sessionIds[t[TALK.session]])}`,
        `room = ${tomlString(TE.roomIds[t[TALK.room]])}`, `position = ${t[TALK.position]}`,
        `# ${comment(t[TALK.title]).slice(0, 90)}`,
        `# a talk, ${t[TALK.start]}–${t[TALK.end]}; was ${comment(talkPlace(o.s, o.r, o.k))}`);
    }
    const count = file.count + pins.length + ids.length - posterUnpins.length;
    return { text: `${lines.join("\n")}\n`, count };
  };
  const setPosterEditing = setEditing;
  setEditing = (on) => {
    if (!on && talkCarry.held >= 0) talkCarry.putDown(false);
    setPosterEditing(on);
    if (selectedTalk >= 0) renderTalk(selectedTalk);
  };

  /* The place under a point: a talk (its place is taken), a gap (the place after the
     talks before it), or elsewhere in a lane (its end). */
  function talkTarget(el) {
    if (!el || !overview.contains(el)) return null;
    const block = el.closest(".tk[data-t]");
    if (block) return { m: talkIndex.get(block), el: block };
    const lane = el.closest(".lane");
    if (!lane) return null;
    const track = lane.querySelector(".track"), gap = el.closest(".gap");
    const kids = Array.from(track.children);
    const before = (gap ? kids.slice(0, kids.indexOf(gap)) : kids).filter((x) => talkIndex.has(x));
    return { track, before: before.map((x) => talkIndex.get(x)), el: gap || track };
  }
  function talkMove(n, target) {
    if (!target) return null;
    const t = talks[n];
    let s, r, k;
    if (target.m !== undefined) {
      if (target.m === n) return null;
      const o = talks[target.m];
      [s, r, k] = [o[TALK.session], o[TALK.room], o[TALK.position]];
    } else {
      [s, r] = [+target.track.dataset.ts, +target.track.dataset.tr];
      k = target.before.filter((m) => m !== n).length + 1;
    }
    if (s === t[TALK.session] && r === t[TALK.room] && k === t[TALK.position]) return null;
    return { n, s, r, k };
  }

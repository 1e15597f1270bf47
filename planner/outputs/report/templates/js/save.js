  /* The edits as the file planner plan reads (TOML, documented in the README). */
  const tomlString = (v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
  const comment = (v) => String(v).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
  function editsToml() {
    const lines = [
      `# Hand edits to the ${comment(E.conference)} poster plan, made in report.html on ` +
        `revision ${E.revision}.`,
      "# Put this file in the plan folder, beside plan.json, and run planner plan again:",
      "# each poster below is pinned where it says (as a hand edit in plan.xlsx is), the",
      "# rest is re-planned around them, and the run reports what else had to move.",
      "# Sessions and rooms are ids; a pin without a board lets the planner choose it.",
      `format = "poster-planner edits"`,
      `revision = ${E.revision}`,
    ];
    const unpin = [], pins = [];
    for (const i of changedPosters()) {
      if (pinOf[i] === "released") unpin.push(i);
      else if (pinOf[i] !== "" && pinOf[i] !== posters[i][P.pinned] || movedHere(i)) pins.push(i);
    }
    if (unpin.length) {
      lines.push(`unpin = [${unpin.map((i) => tomlString(posters[i][P.id])).join(", ")}]`);
    }
    for (const i of pins) {
      const o = origin[i], p = posters[i];
      lines.push("", "[[pins]]", `paper = ${tomlString(p[P.id])}`,
        `session = ${tomlString(E.sessionIds[p[P.session]])}`,
        `room = ${tomlString(E.roomIds[p[P.room]])}`);
      if (!anyBoard.has(i)) lines.push(`board = ${tomlString(p[P.label])}`);
      const was = `${labelOf(o.room, o.board)}, ${roomName(o.room)}, ${sessionName(o.session)}`;
      lines.push(`# ${comment(p[P.title]).slice(0, 90)}`, `# was ${comment(was)}`);
    }
    return { text: `${lines.join("\n")}\n`, count: pins.length + unpin.length };
  }
  function showEdits(changed) {
    const items = Array.from(changed).map((i) => {
      const o = origin[i], p = posters[i];
      const what = movedHere(i) ? `moved from ${labelOf(o.room, o.board)}, ${roomName(o.room)}, ` +
        `${sessionName(o.session)} to ${anyBoard.has(i) ? "any board of " : `${p[P.label]}, `}` +
        `${roomName(p[P.room])}, ${sessionName(p[P.session])}` : pinText(i);
      return h("li", null, button(p[P.title], () => select(i, true), "linkish"), h("br"), what);
    });
    fill(eList, ...items);
    eCount.textContent = `(${items.length})`;
    const file = editsToml();
    eToml.textContent = file.text;
    eUndo.disabled = !undoStack.length;
    eSave.disabled = !file.count;
  }
  function save() {
    const file = editsToml();
    const url = URL.createObjectURL(new Blob([file.text], { type: "application/toml" }));
    const link = h("a", { href: url, download: "edits.toml", hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    saved = file.text;
    say([["info", `Saved ${file.count} edit${file.count === 1 ? "" : "s"} as edits.toml (your ` +
      "downloads folder): put it in the plan folder and run planner plan again."]]);
    root.dataset.saved = String(file.count);
  }
  let saved = "";

  /* The details panel's edit row: pick up, pin or unpin, and what pins the poster. */
  function editRow(i) {
    if (!editing) return pinText(i) || null;
    const pinned = pinOf[i] !== "" && pinOf[i] !== "released";
    return [pinText(i) || "placed by the planner", h("br"),
      button("Pick up (M)", () => posterCarry.pickUp(i)), " ",
      pinOf[i] === "venue" ? null : button(pinned ? "Unpin (P)" : "Pin here (P)", () => togglePin(i))];
  }

  function setEditing(on) {
    if (!on && posterCarry.held >= 0) posterCarry.putDown(false);
    editing = on;
    root.classList.toggle("editing", on);
    ePanel.hidden = !on;
    eToggle.setAttribute("aria-pressed", String(on));
    eToggle.textContent = on ? "Turn editing off" : "Turn editing on";
    if (on && !base) base = similarity();
    if (selected >= 0) renderDetails(selected);
    root.dataset.editing = on ? "1" : "0";
  }
  eToggle.addEventListener("click", () => setEditing(!editing));
  eUndo.addEventListener("click", undo);
  eSave.addEventListener("click", save);
  eHand.addEventListener("click", () => {
    const on = eHand.getAttribute("aria-pressed") !== "true";
    eHand.setAttribute("aria-pressed", String(on));
    root.classList.toggle("handview", on);
  });
  window.addEventListener("beforeunload", (ev) => {
    if (editsToml().count && editsToml().text !== saved) ev.preventDefault();
  });
  editor.hidden = false; // without the script there is nothing to edit with
  window.addEventListener("hashchange", fromHash);
  fromHash();
  root.dataset.initMs = (performance.now() - started).toFixed(1);
  root.dataset.ready = "1";
})();

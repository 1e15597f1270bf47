  /* Editing: off until the chair turns it on.  A poster is dragged (mouse, pen or touch)
     or carried with the keyboard to a board (a poster there swaps with it), or onto a
     room's heading (any free board, the planner picks it).  Every target is judged before
     letting go: hard rules (a full or closed room, a [[place]] rule, a venue pin, an
     author away, a presenter due at two posters at once) refuse the move and say why;
     a new shared-author clash is allowed and named.  Edits are kept as pins in
     edits.toml (downloaded, to put in the plan folder); planner plan honours them.

     edit.cells[s][r] = a cell (boards, usable boards) or 0 (closed); edit.overlap[s] =
     sessions at overlapping times; edit.away = {person: [session...]}; edit.rules[k] = a
     placement rule (name, rooms or null, sessions or null, exclusive); edit.terms[i] = a
     poster's heaviest TF-IDF terms, one term record (term, weight x 1000) after another,
     flat, for the grouping estimate. */
  const E = D.edit;
  const editor = document.getElementById("editor");
  const eToggle = document.getElementById("e-toggle");
  const ePanel = document.getElementById("e-panel");
  const eMsg = document.getElementById("e-msg");
  const eUndo = document.getElementById("e-undo");
  const eSave = document.getElementById("e-save");
  const eHand = document.getElementById("e-hand");
  const eList = document.getElementById("e-list");
  const eCount = document.getElementById("e-count");
  const eToml = document.getElementById("e-toml");
  const dropBox = document.getElementById("drop");
  // Where each poster was planned, and whether it is somewhere else now.
  const origin = posters.map((p) =>
    ({ session: p[P.session], room: p[P.room], board: p[P.board] }));
  // A poster's place as [session, room, board], and moving it (its label aside).
  const placeOf = (i) => [posters[i][P.session], posters[i][P.room], posters[i][P.board]];
  function moveTo(i, s, r, n) {
    const p = posters[i];
    p[P.session] = s; p[P.room] = r; p[P.board] = n;
  }
  const movedHere = (i) => posters[i][P.session] !== origin[i].session
    || posters[i][P.room] !== origin[i].room || posters[i][P.board] !== origin[i].board;
  // "", venue, workbook, report, here (this page), released
  const pinOf = posters.map((p) => p[P.pinned]);
  const anyBoard = new Set(); // posters dropped on a room heading: the planner picks the board
  const undoStack = [];
  let editing = false;

  // A cell is 0 where the room is closed in that session.
  const boardsIn = (s, r) => (E.cells[s][r] ? E.cells[s][r][CELL.boards] : 0);
  const usableIn = (s, r) => (E.cells[s][r] ? E.cells[s][r][CELL.usable] : 0);
  const overlaps = E.overlap.map((list) => new Set(list));
  const ov = (a, b) => overlaps[a].has(b);
  const sessionName = (s) => D.sessions[s][SESSION.name];
  const roomName = (r) => D.rooms[r];
  const labelOf = (r, n) => (E.labels ? E.labels[r][n - 1] || String(n) : `${E.prefix[r]}${n}`);
  const titled = (i) => {
    const title = posters[i][P.title];
    return `“${title.length > 60 ? `${title.slice(0, 57)}…` : title}”`;
  };
  const at = (i) => {
    const p = posters[i];
    return `${p[P.label]}, ${roomName(p[P.room])}, ${sessionName(p[P.session])}`;
  };
  const groups = Array.from(overview.querySelectorAll(".boards[data-s]"));
  const groupOf = new Map(groups.map((g) => [`${g.dataset.s},${g.dataset.r}`, g]));
  const roomOf = new Map(Array.from(overview.querySelectorAll(".room[data-s]"))
    .map((el) => [`${el.dataset.s},${el.dataset.r}`, el]));
